"""The rotation problem as the models see it: groups of interchangeable teachers who may move.

Eligible teachers (R1, R11) who share a school, a main subject, backbone status,
senior-title candidacy (R7) and a degree class (which of the stage groups' degree floors
they are above) count the same in every rule and every objective level, so the model
decides how many of each group go where (integer flows) and `plan.py` names the
individuals after. Teachers with wishes (preferences.csv) or locks (locks.csv), and the
principals and vice principals (R12: those due this year, who must move, and those not
due who may make room for them), differ from everyone, so each is a group alone, and so
is each mover of a previous plan in a re-plan (its move is kept or changed teacher by
teacher). Within a group, volunteers are picked first, then the longest at the school.

Pure Python: the greedy baseline and the explanations use it without the solver.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance
from scheduler.data.models import Teacher
from scheduler.data.schema import PE_ARTS, Post


@dataclass(frozen=True)
class Group:
    """Interchangeable eligible teachers of one school, in the order they would be picked."""

    index: int
    school_id: str
    subject: str
    backbone: bool
    senior: bool  # senior-title candidate: may only go to a receiving school (R7)
    teacher_ids: tuple[str, ...]
    wishes: Mapping[str, int] | None = None  # school -> rank, for a teacher with wishes
    above: tuple[bool, bool] = (False, False)  # above the degree floor (primary, junior)
    post: Post = Post.TEACHER  # a principal or vice principal moves under R12, alone
    due: bool = False  # a leader due this year (R12): it must move; one not due only may

    @property
    def size(self) -> int:
        return len(self.teacher_ids)

    @property
    def pe_arts(self) -> bool:
        return self.subject in PE_ARTS

    @property
    def leader(self) -> bool:
        return self.post != Post.TEACHER

    def has(self, indicator: str) -> bool:
        """For the balance level (backbone, PE and arts)."""
        return self.backbone if indicator == "backbone" else self.pe_arts

    def counts(self, indicator: str, stage: str) -> bool:
        """Whether one of these teachers adds to `indicator` at a school of stage group
        `stage` (the degree floor differs between primary and junior schools)."""
        if indicator == "above_degree":
            return self.above[stage != "primary"]
        return self.has(indicator)


@dataclass
class Problem:
    """Everything the models need, derived once from an instance."""

    inst: Instance
    weights: lv.Weights
    groups: list[Group]
    cap: dict[str, int]  # R4: floor(max_outflow_share × staff), schools with eligible teachers
    min_movers: int  # R2
    quota_base: int  # R2: the eligible teachers the share counts
    limits: dict[str, int]  # R9: most teachers per school after the plan (no key: no limit)
    backbone_share: tuple[int, int]  # R2: backbone movers × den ≥ movers × num
    q: int  # shortage units per teacher
    req_units: dict[tuple[str, str], int]  # needs in shortage units
    targets: dict[tuple[str, str], int]  # balance targets (school, indicator), K-units
    by_school: dict[str, list[int]] = field(default_factory=dict)  # school -> group indices
    # a re-plan (`--baseline`): the previous plan's movers -> their destination, each a
    # group alone so that keeping the move means keeping that very teacher's move
    previous: dict[str, str] = field(default_factory=dict)

    @cached_property
    def schools(self) -> list[str]:
        """School ids in the instance's order (the arcs' `dest` indexes this list)."""
        return [sc.school_id for sc in self.inst.schools]

    @cached_property
    def before(self) -> Counter[tuple[str, str]]:
        """Main-subject teachers per (school, subject) before the plan."""
        return self.inst.main_subject_count

    @cached_property
    def indicator_before(self) -> Counter[tuple[str, str]]:
        out: Counter[tuple[str, str]] = Counter()
        for t in self.inst.teachers:
            for ind in lv.INDICATORS:
                out[t.school_id, ind] += lv.indicator_of(t, ind)
        return out

    @cached_property
    def eligible_count(self) -> int:
        """Eligible teachers (R1, R11), leaders not counted."""
        return sum(g.size for g in self.groups if not g.leader)

    @cached_property
    def stage_of(self) -> dict[str, str]:
        return {sc.school_id: rules.stage_group(sc.stage) for sc in self.inst.schools}

    @cached_property
    def standards(self) -> dict[tuple[str, str], int]:
        """(school, indicator) -> the per-school standard's minimum, for the judged pairs."""
        return lv.standard_pairs(self.inst)

    @cached_property
    def standard_before(self) -> Counter[tuple[str, str]]:
        """(school, indicator) -> teachers counting for the per-school standard before."""
        out: Counter[tuple[str, str]] = Counter()
        for t in self.inst.teachers:
            stage = self.stage_of[t.school_id]
            for ind in lv.STANDARD_INDICATORS:
                out[t.school_id, ind] += lv.indicator_at(t, ind, stage)
        return out

    def max_out(self, school: str, subject: str | None = None, indicator: str | None = None
                ) -> int:
        """The most teachers (of a subject or with an indicator) the school can send (R1, R4)."""
        n = sum(g.size for g in (self.groups[i] for i in self.by_school.get(school, ()))
                if (subject is None or g.subject == subject)
                and (indicator is None or g.has(indicator)))
        return min(n, self.cap.get(school, 0))

    def floor_applies(self, school: str, subject: str) -> bool:
        """R5 guards (school, subject): it requires ≥ 1 and has ≥ 1 main-subject teacher."""
        return (self.req_units.get((school, subject), 0) >= self.q
                and self.before[school, subject] >= 1)


def build_problem(inst: Instance, previous: Mapping[str, str] | None = None,
                  make_room: bool = True) -> Problem:
    """Groups, caps, quotas and units for `inst` (InputError for bad objective weights);
    `previous` (teacher_id -> destination) makes each previous mover a group alone;
    `make_room=False` leaves out the leaders not due (R12): the problem of a year where
    no due leader needs one of them to make room."""
    policy = inst.policy
    w = lv.weights(policy)
    due = {t.teacher_id for t in rules.leaders_to_move(inst)}
    movable = [*rules.eligible_teachers(inst), *rules.leaders_to_move(inst),
               *(rules.leaders_not_due(inst) if make_room else ())]
    ranks = lv.wishes(inst)
    members: dict[tuple, list[Teacher]] = defaultdict(list)
    for t in movable:
        alone = (t.teacher_id in ranks or t.teacher_id in inst.locks_of or t.is_leader
                 or t.teacher_id in (previous or {}))
        above = (lv.indicator_at(t, "above_degree", "primary"),
                 lv.indicator_at(t, "above_degree", "junior"))
        key = (t.school_id, t.subject, t.is_backbone, rules.senior_title_candidate(t), above,
               str(t.post), t.teacher_id if alone else "")
        members[key].append(t)
    groups = []
    by_school: dict[str, list[int]] = defaultdict(list)
    for key in sorted(members):
        school, subject, backbone, senior, above, post, single = key
        order = sorted(members[key], key=lambda t: (not t.volunteer, -t.years_at_school,
                                                    t.teacher_id))
        g = Group(len(groups), school, subject, backbone, senior,
                  tuple(t.teacher_id for t in order), ranks.get(single), above, Post(post),
                  single in due)
        groups.append(g)
        by_school[school].append(g.index)
    q = lv.shortage_scale(inst)
    return Problem(
        inst=inst, weights=w, groups=groups,
        cap={s: rules.max_outflow(inst.staff[s], policy) for s in by_school},
        min_movers=rules.required_movers(inst), quota_base=rules.quota_base(inst),
        limits=rules.headcount_limits(inst),
        backbone_share=lv.fraction_of(policy.rotation.min_backbone_share),
        q=q, req_units=lv.required_units(inst, q), targets=lv.balance_targets(inst),
        by_school=dict(by_school), previous=dict(previous or {}))
