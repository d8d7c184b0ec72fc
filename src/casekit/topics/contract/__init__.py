"""Lesson 02, cloud contracts: the Customer Agreement's clauses, notice deadlines and readings."""

from casekit.topics import lazy_parts

LESSON = "02-cloud-contracts"
__getattr__ = lazy_parts(__name__)
