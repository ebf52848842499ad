"""Errors an operator can fix; their message names the file, field or setting."""


class OperatorError(Exception):
    """Printed as one message without a traceback, exit code 2."""
