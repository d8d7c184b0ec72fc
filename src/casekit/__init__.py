"""casekit: the Parler v. AWS teaching kit's shared package."""

from casekit._deferred import defer as _defer
from casekit._moved import install as _answer_old_paths

_defer()  # about 2 s of start-up CPU per kernel and command; see casekit/_deferred.py

_answer_old_paths()  # old import paths (casekit.relief, casekit.widgets, ...) for one more term

__version__ = "0.1.0"
