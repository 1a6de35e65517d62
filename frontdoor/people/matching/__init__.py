"""Person matching: Fellegi–Sunter scores with a plain-English reason per field (ADR 0017).

Pure Python, NumPy and DuckDB: no Django models, so it runs standalone and fast.

* ``records.PersonRecord``: the one record shape every path compares.
* ``model.load_model().score(a, b)``: one pair, with labels for practitioners and hard rules.
* ``keys.blocking_keys(record)``: the keys to find candidates by (intake and database lookup).
* ``batch.link(records)``: many records to clusters (``manage.py link_records``).
* ``estimate.estimate_model(records)``: m, u and the prior from data (regenerates model.json).
"""
