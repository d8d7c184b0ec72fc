"""casekit: the Parler v. AWS teaching kit's shared package."""

__version__ = "0.1.0"
