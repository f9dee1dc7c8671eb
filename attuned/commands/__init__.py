"""The ``attuned`` command line and its instructor commands: doctor, quickstart, validate.

Top layer: may use every layer below; nothing imports it.
"""
