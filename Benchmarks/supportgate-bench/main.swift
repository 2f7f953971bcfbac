// Placeholder until the benchmark lands.
print("supportgate-bench: not yet implemented")
