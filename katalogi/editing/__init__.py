"""Commands that write content: new, the workbook's export and import, the procurement import."""
