"""The demo network: a registry of steps each app contributes, built from one seed and bulk-written.

How an app adds a step (e.g. history for assessments, relationships, meetings or groups):

1. Create `<app>/demo.py`; the demo app imports it when Django starts (autodiscovery).
2. In it, register a step::

       from demo.registry import DemoStep, register_step

       def build(net, rng):       # pure: plain rows from `rng` and earlier steps' rows
           mentors = [p for p in net.rows["directory.people"] if p.capacity]
           return [(rng.choice(mentors).email, ...) for _ in range(net.faculty // 10)]

       def write(net, rows):      # stores rows; what it returns is kept in net.ids[step name]
           insert_rows(Meeting, [...], (... for row in rows))   # demo.bulk, ids from net.ids[...]

       register_step(DemoStep("meetings.history", build, write, after=("directory.people",),
                              describe=lambda net, rows: {"meetings": len(rows)}))

3. Name the step `<app>.<what>`, and list in `after` every step whose rows or ids it reads.

Each step draws from its own random stream, derived from the seed and the step's name, so a new
step never changes what the existing ones make: the same seed keeps giving the same network.
`--reset` removes the rows of the models steps list in `removes` (and everything depending on
them, as their on_delete rules say); `--if-empty` looks for rows of the models in `shows`.
"""
