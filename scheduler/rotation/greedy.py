"""The "by hand" baseline: what an HR officer does with a spreadsheet.

First the moves the rules require: due principals (R12) each to a school left without
one, matched by augmenting paths, where need be taking the post of a principal not due
who then goes to another school in turn (a swap or a chain, 校长交流), then due vice
principals and locked teachers (L), each to the nearest school that takes them. Then
scarce subjects first (the policy's shortage subjects, in its order), backbone teachers
first within a subject: each teacher goes to the nearest school short of their subject,
if that helps more than it hurts the school they leave. Then, until both quotas are met,
more teachers (backbone ones while the backbone share needs them), taken first where
their leaving opens no gap, each to the nearest school short of their subject or else the
nearest school. Every hard rule holds (R3, R6, R7, R10, R12's stage group and the locks'
schools through the candidate arcs, R4, R5, R9 and one principal a school checked at
each step). It also serves as the CP-SAT model's first hint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np

from constraints.rotation import locks
from scheduler.core import rotation_levels as lv
from scheduler.data.schema import Post
from scheduler.errors import NoPlanError
from scheduler.rotation.arcs import Arcs
from scheduler.rotation.explain import say
from scheduler.rotation.problem import Group, Problem
from scheduler.solving import Note


class _State:
    """Counts that change as teachers are moved one by one."""

    def __init__(self, prob: Problem, arcs: Arcs):
        self.prob, self.arcs = prob, arcs
        self.count: Counter[tuple[str, str]] = Counter(prob.before)
        self.sent: Counter[str] = Counter()
        self.left = [g.size for g in prob.groups]
        self.flows = np.zeros(len(arcs), dtype=np.int64)
        self.movers = self.backbone = 0
        inst, w = prob.inst, prob.weights
        self.room = {s: limit - inst.staff[s] for s, limit in prob.limits.items()}  # R9
        self.going = {g.index for g in prob.groups  # principals who must move (R12, L)
                      if g.post == Post.PRINCIPAL and (g.due or locks.must_move(prob, g))}
        moving = {prob.groups[i].teacher_ids[0] for i in self.going}
        self.principals = Counter(t.school_id for t in inst.teachers  # R12: those still there
                                  if t.post == Post.PRINCIPAL and t.teacher_id not in moving)
        self.weight = {key: lv.shortage_weight(inst, w, *key) for key in prob.req_units}
        self.by_km = [sorted(arcs.by_group[g.index], key=lambda a: (arcs.km[a], a))
                      for g in prob.groups]

    def short(self, key: tuple[str, str], change: int = 0) -> int:
        """Weighted shortage of (school, subject) if its count changed by `change`."""
        req = self.prob.req_units.get(key)
        if req is None:
            return 0
        return self.weight[key] * max(0, req - self.prob.q * (self.count[key] + change))

    def takes(self, g: Group, a: int, swap: bool = False) -> bool:
        """Whether the arc's school can take one more of the group (R9, one principal).
        `swap`: leave R9 to the end of the moves R12 and the locks require, since two
        principals trading schools each wait for the other to leave."""
        dest = self.prob.schools[int(self.arcs.dest[a])]
        if not swap and self.room.get(dest, 1) < 1:
            return False
        return g.post != Post.PRINCIPAL or self.principals[dest] < 1

    def can_leave(self, g: Group) -> bool:
        key = (g.school_id, g.subject)
        return (self.left[g.index] > 0 and bool(self.by_km[g.index])
                and self.sent[g.school_id] < self.prob.cap[g.school_id]
                and (not self.prob.floor_applies(*key) or self.count[key] > 1))

    def opens_gap(self, g: Group) -> bool:
        key = (g.school_id, g.subject)
        return self.short(key, -1) > self.short(key)

    def nearest_short(self, g: Group) -> int | None:
        for a in self.by_km[g.index]:
            if self.short((self.prob.schools[int(self.arcs.dest[a])], g.subject)) > 0 \
                    and self.takes(g, a):
                return a
        return None

    def nearest(self, g: Group, swap: bool = False) -> int | None:
        return next((a for a in self.by_km[g.index] if self.takes(g, a, swap)), None)

    def move(self, g: Group, a: int) -> None:
        dest = self.prob.schools[int(self.arcs.dest[a])]
        self.flows[a] += 1
        self.left[g.index] -= 1
        self.sent[g.school_id] += 1
        self.count[g.school_id, g.subject] -= 1
        self.count[dest, g.subject] += 1
        if dest in self.room:
            self.room[dest] -= 1
        if g.school_id in self.room:
            self.room[g.school_id] += 1
        if g.post == Post.PRINCIPAL:
            self.principals[dest] += 1
            if g.index not in self.going:  # one not due, making room
                self.principals[g.school_id] -= 1
        if not g.leader:
            self.movers += 1
            self.backbone += g.backbone


def greedy_flows(prob: Problem, arcs: Arcs) -> np.ndarray:
    """The baseline plan as flows over `arcs`; NoPlanError when it cannot meet the quotas."""
    st = _State(prob, arcs)
    principals = [prob.groups[i] for i in sorted(st.going)]
    for i, a in _principal_matching(st, principals).items():  # pass 0: R12, then the locks
        st.move(prob.groups[i], a)
    for g in prob.groups:
        if g.post != Post.PRINCIPAL and (g.due or locks.must_move(prob, g)):
            a = st.nearest(g)
            a = st.nearest(g, swap=True) if a is None else a
            if a is None or not st.can_leave(g):
                raise NoPlanError(say("greedy"), [
                    say("greedy_no_school", teacher=g.teacher_ids[0])])
            st.move(g, a)
    order = sorted((g for g in prob.groups if not g.leader),  # leaders: R12 alone
                   key=lambda g: (*_scarcity(prob, g.subject), not g.backbone, g.index))
    for g in order:  # pass 1: shortages, scarce subjects and backbone teachers first
        while st.can_leave(g):
            a = st.nearest_short(g)
            if a is None:
                break
            dest = prob.schools[int(arcs.dest[a])]
            gain = st.short((dest, g.subject)) - st.short((dest, g.subject), +1)
            loss = st.short((g.school_id, g.subject), -1) - st.short((g.school_id, g.subject))
            if gain <= loss:
                break
            st.move(g, a)
    num, den = prob.backbone_share
    quiet = sorted(order, key=st.opens_gap)  # stable: those leaving no gap first
    anyone, backbones = _takers(st, quiet), _takers(st, [g for g in quiet if g.backbone])
    while st.movers < prob.min_movers or den * st.backbone < num * st.movers:
        need_backbone = den * st.backbone < num * (st.movers + 1)
        g = next(backbones if need_backbone else anyone, None)
        if g is None:
            raise NoPlanError(say("greedy"), [_shortfall(prob, st)])
        a = st.nearest_short(g)
        st.move(g, st.nearest(g) if a is None else a)
    return st.flows


def _principal_matching(st: _State, principals: list[Group]) -> dict[int, int]:
    """Every due principal to a school left without one (R12), nearest first, by
    augmenting paths (Kuhn): taking the nearest free school one by one can strand the
    last principal when the earlier ones took the schools it reaches. Only where no such
    path exists does a principal take the post of one not due, who is then placed the
    same way (a swap or a chain): no school loses both its principal and a due vice
    principal, and the one not due must be able to leave (R4, R5)."""
    prob, arcs = st.prob, st.arcs
    leaving = {g.school_id for g in principals}  # a principal arriving there takes its place
    vice_due = {g.school_id for g in prob.groups if g.due and g.post == Post.VICE_PRINCIPAL}
    yielding = {g.school_id: g for g in prob.groups  # principals not due who may make room
                if g.post == Post.PRINCIPAL and g.index not in st.going
                and g.school_id not in vice_due and st.principals[g.school_id] == 1
                and st.can_leave(g)}
    owner: dict[str, Group] = {}  # school -> principal matched to it
    chosen: dict[int, int] = {}  # group index -> arc
    made_room: set[str] = set()  # schools whose principal not due is placed elsewhere

    def free(dest: str) -> bool:
        room = dest in leaving or dest in made_room or st.room.get(dest, 1) >= 1
        return st.principals[dest] - (dest in made_room) < 1 and room

    def place(g: Group, seen: set[str]) -> bool:
        for a in st.by_km[g.index]:
            dest = prob.schools[int(arcs.dest[a])]
            if dest in seen or not free(dest):
                continue
            seen.add(dest)
            if dest not in owner or place(owner[dest], seen):
                owner[dest], chosen[g.index] = g, a
                return True
        for a in st.by_km[g.index]:  # no free school: make room
            dest = prob.schools[int(arcs.dest[a])]
            if dest in seen or dest in made_room or dest not in yielding:
                continue
            seen.add(dest)
            made_room.add(dest)
            if place(yielding[dest], seen):
                owner[dest], chosen[g.index] = g, a
                return True
            made_room.discard(dest)
        return False

    for g in principals:
        if not place(g, set()):
            raise NoPlanError(say("greedy"), [
                say("greedy_no_principal", teacher=g.teacher_ids[0])])
    return chosen


def _scarcity(prob: Problem, subject: str) -> tuple[int, int]:
    listed = prob.inst.policy.rotation.shortage_subjects
    return (0, listed.index(subject)) if subject in listed else (1, 0)


def _takers(st: _State, groups: list[Group]) -> Iterator[Group]:
    """Groups in order, each yielded once per teacher it can still send."""
    for g in groups:
        while st.can_leave(g) and st.nearest(g) is not None:
            yield g


def _shortfall(prob: Problem, st: _State) -> Note:
    num, den = prob.backbone_share
    return say("greedy_shortfall", movers=st.movers, backbone=st.backbone,
               need=prob.min_movers, num=num, den=den)
