"""The exercises' doses (data/exercises.yml) as /exercises/ shows them: the list under "How hard
to work" (generated/doses/effort.md) and each exercise's steps under "How much to do"
(generated/doses/<exercise>.md). tools/plans.py takes the plans' doses from the same steps."""

import re
from dataclasses import dataclass
from pathlib import Path

from tools import InputError, located, read_yaml_file

EXERCISES_PAGE = "exercises.md"


@dataclass
class Exercise:
    id: str  # its section on /exercises/; its steps are under #<id>-dose, its how-to under #<id>-steps
    name: str  # its heading on /exercises/
    rest: str
    steps: list[str]
    after: str
    new_versions: list[int]  # the steps at which a harder version starts (the plank's long lever)
    how: list[str]  # its "How to do it" steps on /exercises/, which a printed plan repeats


@dataclass
class Doses:
    effort: dict
    exercises: dict[str, Exercise]

    def feel(self, weeks_done: int) -> str:
        """How hard a set should feel in a reader's week `weeks_done + 1` of an exercise."""
        new = self.effort["new"]
        return new["feel"] if weeks_done < new["weeks"] else self.effort["then"]["feel"]


def read_doses(root: Path) -> Doses:
    """data/exercises.yml, each exercise named by its heading on /exercises/."""
    path = root / "data" / "exercises.yml"
    data = read_yaml_file(path, root)
    page = (root / "docs" / EXERCISES_PAGE).read_text("utf-8")
    exercises = {}
    for id, entry in data["exercises"].items():
        heading = re.search(rf"^## (.+) \{{ #{id} \}}$", page, re.MULTILINE)
        if not heading:
            line = path.read_text("utf-8").split(f"\n  {id}:")[0].count("\n") + 2
            raise InputError(
                f"{located(path, root, line, 3)}: docs/{EXERCISES_PAGE} has no section `## ... {{ #{id} }}`: "
                "name an exercise by its section's id there"
            )
        exercises[id] = Exercise(
            id,
            heading[1],
            entry["rest"],
            entry["steps"],
            entry["after"],
            entry.get("new_versions", []),
            how_to(page, id),
        )
    return Doses(data["effort"], exercises)


def how_to(page: str, id: str) -> list[str]:
    """An exercise's numbered steps under `### How to do it { #<id>-steps }` on /exercises/."""
    after = page.split(f"{{ #{id}-steps }}\n", 1)
    found = re.match(r"\n((?:\d+\. .*\n)+)", after[1]) if len(after) == 2 else None
    return [line.split(". ", 1)[1] for line in found[1].splitlines()] if found else []


def effort_markdown(doses: Doses) -> str:
    """The list under "How hard to work": what the plans' "How hard" column's words mean."""
    new, then = doses.effort["new"], doses.effort["then"]
    return (
        f"- **{new['feel']}**, in the first {new['weeks']} weeks of each exercise and of each harder version. "
        f"It means {new['means']}\n"
        f"- **{then['feel']}**, after that. It means {then['means']}\n"
        f"- **Move up a step** {doses.effort['harder']}\n"
        f"- {doses.effort['stop']}\n"
        f"- {doses.effort['pressure']}\n"
    )


def steps_markdown(exercise: Exercise) -> str:
    """An exercise's "How much to do": its rest, and its steps, numbered as the plans number them."""
    steps = "".join(f"{n}. {step}.\n" for n, step in enumerate(exercise.steps, 1))
    return (
        f"Rest {exercise.rest} between sets. Each step is a week or more ([how hard](#how-hard-to-work)).\n\n"
        f"{steps}\n{exercise.after}\n"
    )
