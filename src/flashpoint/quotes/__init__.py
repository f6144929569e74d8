"""The quotes stage: every direct quote, with its speaker, channel and date.

Takes the parsed ``Analysis`` and its actors; gives ``Statement`` records from the
registered ``quotes.rules.v1`` stage. Modules: ``stage``, ``marks`` (pairing quote marks),
``parse`` (quote spans), ``context`` (the attribution around a quote), ``cues`` (speech
verbs and channels as data), ``attribution`` (choosing the speaker).

Public names: none beyond the registered stage; the events stage reads ``Statement`` records.
"""

from . import stage  # noqa: F401  (registers the quotes stage)

__all__: list[str] = []
