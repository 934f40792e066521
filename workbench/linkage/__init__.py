"""Record linkage: candidate pairs, comparisons, sure / possible / none classes."""
