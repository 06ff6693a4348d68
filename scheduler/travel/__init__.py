"""Traveling-teacher timetables and routes (走教): model, solve, baseline and result.

`solve.solve_travel(inst, settings, method="cpsat"|"greedy", partial=False)` is the entry
point; `score.score` recomputes a timetable's objective without the solver; `explain`
says why lessons cannot be placed.

How a county is solved (method "cpsat")
---------------------------------------
1. Counting checks (`explain.counting`) refuse what cannot be placed at all: no qualified
   teacher within reach, caps or free periods too small, a class's week too full, sites
   a single teacher cannot combine.
2. Townships (`decompose`): sites are grouped by their central school. A county-wide
   assignment model (stage 1: T2, T6, T8 and free periods, no days) first checks that
   every township can cover its lessons with its own teachers; where one cannot, it
   borrows the nearest teachers from other townships that can reach the sites, and the
   townships a borrowed teacher joins are solved together as one part.
3. Each part (`part`) is solved on three levels:
   - week (`week`): who teaches each lesson row and how many days each teacher drives
     each day route (one site, or two), without naming the days. Split into components
     (teachers and rows linked by candidacy, usually one per subject), each a small
     CP-SAT model that proves its optimum in seconds; its bound is the part's bound.
     Each starts with a floor (`county_bound.piece_floor`: site cuts priced at the
     cheapest day routes, in milliseconds), so a part has a bound before any run.
   - days (model level "day"): which days, with the week's teachers and route counts
     fixed (else its teachers only, else free), every rule that spans days, and the
     spread of each class's lessons.
   - periods (model level "slot", one model per day): the exact timetable (T3, busy, T4)
     and the exact route km; a day that cannot be timetabled sends a cut back to the
     day model (logic-based Benders).
   A first pass gives every part a plan at once: the one-site-a-day timetable, which
   also seeds its week models (a part it cannot place gets a short solve instead, and
   tries again, longer, once the others have theirs); so every lesson is placed early.
   A second pass gives every week component not yet proven one proving run (core search
   and LP on a thread each, so the LP bound counts), smallest first, each ending at its
   proof, so that the few hard components get long runs; it times a part again once its
   components have run (a component whose run was too short for CP-SAT's LP gets the
   LP's bound from HiGHS), and gives what is left to the largest gaps, two LNS turns
   (plans: `regroup` re-solves the weeks of 3-6 teachers at a time, the rows they hold
   shared out among them again) to one proving run (bounds); a part whose components
   improved there is timed again every few seconds and at the end, not after each run.
4. The county's objective is the sum of the parts' objectives, recomputed from the
   periods. Its bound is the sum of the parts' bounds when the decomposition is exact
   (then it is OPTIMAL when every part is proven optimal); otherwise that sum bounds only
   the decomposed problem (`parts_bound`), and the county's bound is the LP of
   `county_bound` over every row with every candidate, computed in a thread beside the
   second pass (a component whose LP is not solved by the time limit counts at 0).

What the decomposition can miss
-------------------------------
* A lesson that a teacher from another township could serve more cheaply (a site near a
  township border, a neighbouring central school closer than its own) goes to that
  teacher only when stage 1 had to borrow. The parts' bound then holds for the
  decomposed problem, not for every plan of the county: `TravelResult.decomposition_exact`
  is True only when no lesson row had a candidate teacher outside its part (then nothing
  was lost and the parts' bound holds for the county); otherwise the reported bound is
  the county's LP bound, much weaker (county-m: about a third below the plan).
* Stage 1 looks at weekly capacities only; a township whose teachers have the capacity
  but not the time (busy slots, travel gaps) is found infeasible when its part is
  solved, and is then merged with every township that could lend it a teacher.
* The week level prices a two-site day at its least km (direct, or going back to a site
  where the roads make that shorter) and spread at its least possible value; when the
  days cannot realise its choices, or a day must go back to a site it left, the plan
  costs more than the bound and is reported FEASIBLE with its gap.
"""
