"""The eval harness: datasets as files, scorers as small functions, thresholds that CI enforces."""
