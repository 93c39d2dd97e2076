"""The incremental engine: every page with its inputs, the plan, rendering, the cache and writing output/."""
