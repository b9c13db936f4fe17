"""Rubric grading: the offline evidence grader, the LLM judge, and the feedback they share."""
