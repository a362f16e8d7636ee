"""cloudstates: cloud instance lifecycles as finite state machines."""

__version__ = "0.1.0"
