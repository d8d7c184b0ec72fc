"""casekit: the Parler v. AWS teaching kit's shared package."""

from casekit._deferred import defer as _defer

_defer()  # about 2 s of start-up CPU per kernel and command; see casekit/_deferred.py

__version__ = "0.1.0"
