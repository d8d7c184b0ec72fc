"""The grader behind `casekit grade`: key, matching, sandbox, runner, batch and gradebook (docs/grading.md)."""
