"""`import notices`: eForms notices (UBL XML from Hilma or TED) read safely, mapped to procurement records, merged."""
