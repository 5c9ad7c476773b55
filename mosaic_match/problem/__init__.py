"""The matching problem and its checks: the data, the input format, the objective, result
documents, the independent checker and instance generators."""
