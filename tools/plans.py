"""The plans' weeks (data/plans.yml) as each plan page shows them (generated/plans/<page>.md): first
"The exercises", each exercise's steps from /exercises/ and what the effort words mean; then a
section a week, `## Week N { #week-N }`, with a table of its exercises, each linked to its
how-to on /exercises/, its step's dose and rest (data/exercises.yml, tools/doses.py), how hard
it should feel, and a tick box for each session. The boxes belong to the page's form `ticks`
(its "Clear the ticks" button resets them) and are named `w<week>-<exercise>-<session>`."""

from pathlib import Path

from tools import InputError, located, read_yaml_file
from tools.doses import EXERCISES_PAGE, Doses

PLANS = "data/plans.yml"


def read_plans(root: Path, doses: Doses) -> dict[str, dict]:
    """data/plans.yml, with every exercise and step checked against data/exercises.yml."""
    path = root / PLANS
    plans = read_yaml_file(path, root)
    text = path.read_text("utf-8")
    for page, plan in plans.items():
        for week, exercises in enumerate(plan["weeks"], 1):
            for id, step in exercises.items():
                known = doses.exercises.get(id)
                if known and 1 <= step <= len(known.steps):
                    continue
                at = text.find(f"{id}: {step}", text.find(f"\n{page}:"))
                line = text.count("\n", 0, at) + 1
                said = (
                    f"{id} has steps 1 to {len(known.steps)}"
                    if known
                    else f"{id} is not an exercise in data/exercises.yml"
                )
                raise InputError(f"{located(path, root, line)}: {page}, week {week}: {said}: correct it")
    return plans


def plan_markdown(plan: dict, doses: Doses) -> str:
    """A plan's weeks: a section and a table each."""
    started: dict[tuple[str, int], int] = {}  # the week each exercise, or each harder version, starts in
    days = plan["days"]
    used = list(dict.fromkeys(id for week in plan["weeks"] for id in week))
    # Each exercise's steps, from /exercises/, so that a printed plan says how to do them.
    how = "".join(
        f"- **[{doses.exercises[id].name}]({EXERCISES_PAGE}#{id}-steps):** {' '.join(doses.exercises[id].how)}\n"
        for id in used
    )
    new, then = doses.effort["new"], doses.effort["then"]
    sections = [
        "## The exercises { #the-exercises }\n\n"
        f"{how}\nHow hard: *{new['feel'].lower()}* means {new['means']} *{then['feel']}* means {then['means']}\n"
    ]
    for week, exercises in enumerate(plan["weeks"], 1):
        rows = []
        for id, step in exercises.items():
            exercise = doses.exercises[id]
            version = (id, sum(step >= start for start in exercise.new_versions))
            started.setdefault(version, week)
            ticks = " ".join(
                f'<label class="guide-tick"><input type="checkbox" form="ticks" name="w{week}-{id}-{n}" '
                f'aria-label="{day}, week {week}, {exercise.name}: done"> {day}</label>'
                for n, day in enumerate(days, 1)
            )
            rows.append(
                f"| [{exercise.name}]({EXERCISES_PAGE}#{id}-steps) | Step {step}: {exercise.steps[step - 1]} "
                f"| {exercise.rest} | {doses.feel(week - started[version])} | {ticks} |"
            )
        sections.append(
            f"## Week {week} {{ #week-{week} }}\n\n"
            # The box lets a phone show each row as a card (extra.css), labelled with these columns' names.
            '<div class="guide-week" markdown>\n\n'
            "| Exercise | How much | Rest | How hard | Done |\n"
            "|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n</div>\n"
        )
    # A reset button clears the ticks without a script; with one, this browser forgets them too.
    clear = (
        '<form id="ticks" class="guide-ticks">'
        '<button type="reset" class="md-button">Clear the ticks</button></form>\n\n'
        "Where your browser runs this page's script, it keeps your ticks on this device only. "
        "Nothing is sent anywhere.\n{ .guide-screen-only }\n"
    )
    return "\n".join(sections) + "\n" + clear
