"""The classroom: a class's saved files read together (class results, class labels) beside the court."""
