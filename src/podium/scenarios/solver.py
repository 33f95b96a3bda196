"""The sessions left as a CP-SAT model (OR-Tools): every outcome the rules allow, exactly.

Variables: `place[s][k][p]`, car k holds place p of session s (each place at most one car,
each car at most one place, places held from 1 down without gaps: a car not placed did not
finish in a modelled place); `bonus[s][j][k]`, car k takes bonus j of session s (at most one
holder; its `top`, if any, held). From these, linear expressions of each competitor's points
per unit, the best N units per drop block (a selection above a threshold), an organisation's
best N cars (a car counts while fewer of its organisation's cars are ahead of it), and the
places each countback reads. `ahead(a, b)` is a reified lexicographic comparison of
(points, countback places ...), the tail of the chain settled as the rules say (by name,
shared, or `ties` where a step is not looked ahead at).

A question the solver cannot settle in its time limit is answered None (undecided).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from podium.scenarios.outlook import Outlook, Unit

LinearExpr = cp_model.LinearExpr | int
_SUBSETS = 4  # up to this many future scores in a drop block: best N as a max over choices


@dataclass(frozen=True, slots=True)
class Place:
    """A condition on one competitor in one session: a place at best or at worst."""

    competitor: int
    session: int  # index in the outlook's sessions
    top: int  # the place
    within: bool  # True: finishes `top` or better; False: does not finish in the top `top`


class Model:
    def __init__(self, outlook: Outlook, time_limit: float = 5.0, workers: int = 1) -> None:
        self.o = outlook
        self.time_limit = time_limit
        self.workers = workers
        m = self.m = cp_model.CpModel()
        self.place: list[list[list[cp_model.IntVar]]] = []
        self.bonus: list[list[dict[int, cp_model.IntVar]]] = []
        self.counted: list[dict[int, list[LinearExpr]]] = []  # s -> car -> p -> counts
        for s, session in enumerate(outlook.sessions):
            cars = range(len(session.cars))
            places = range(session.places)
            y = [[m.new_bool_var(f"y{s}_{k}_{p + 1}") for p in places] for k in cars]
            self.place.append(y)
            for k in cars:
                m.add_at_most_one(y[k])
            held = [sum(y[k][p] for k in cars) for p in places]
            for p in places:
                m.add(held[p] <= 1)
                if p:
                    m.add(held[p] <= held[p - 1])
            bonuses: list[dict[int, cp_model.IntVar]] = []
            for j, bonus in enumerate(session.bonuses):
                holders: dict[int, cp_model.IntVar] = {}
                if bonus.holder == "any":
                    for k, car in enumerate(session.cars):
                        if not car.crew:
                            continue
                        b = holders[k] = m.new_bool_var(f"b{s}_{j}_{k}")
                        if bonus.top is not None:
                            top = min(bonus.top, session.places)
                            m.add(sum(y[k][:top]) >= 1).only_enforce_if(b)
                    m.add_at_most_one(holders.values())
                bonuses.append(holders)
            self.bonus.append(bonuses)
            self.counted.append(self._counted_places(s))
        self._points: dict[int, cp_model.IntVar] = {}
        self._keys: dict[int, list[LinearExpr]] = {}
        self._ahead: dict[tuple[int, int, bool], cp_model.IntVar] = {}

    def _counted_places(self, s: int) -> dict[int, list[LinearExpr]]:
        """Per car, per place: 1 when the car holds the place and counts for its competitor
        (an organisation's best N cars only)."""
        session = self.o.sessions[s]
        y = self.place[s]
        out: dict[int, list[LinearExpr]] = {}
        if session.best is None:
            for k, car in enumerate(session.cars):
                if car.crew:
                    out[k] = list(y[k])
            return out
        orgs: dict[int, list[int]] = {}
        for k, car in enumerate(session.cars):
            if car.crew:
                orgs.setdefault(car.crew[0].competitor, []).append(k)
        m = self.m
        for org, ks in orgs.items():
            if len(ks) <= session.best:
                for k in ks:
                    out[k] = list(y[k])
                continue
            held = [sum(y[k][p] for k in ks) for p in range(session.places)]
            for k in ks:
                out[k] = []
            for p in range(session.places):
                if p < session.best:
                    for k in ks:
                        out[k].append(y[k][p])
                    continue
                full = m.new_bool_var(f"full{s}_{org}_{p}")  # N of its cars already ahead
                before = sum(held[:p])
                m.add(before >= session.best).only_enforce_if(full)
                m.add(before <= session.best - 1).only_enforce_if(full.negated())
                for k in ks:
                    z = m.new_bool_var(f"z{s}_{k}_{p}")
                    m.add_implication(z, y[k][p])
                    m.add_implication(z, full.negated())
                    m.add_bool_or([z, y[k][p].negated(), full])
                    out[k].append(z)
        return out

    # -- what each competitor scores ------------------------------------------------------

    def unit_points(self, i: int) -> dict[Unit, tuple[LinearExpr, int]]:
        """Future points per unit for competitor i, with an upper bound, in units of 1/D."""
        o = self.o
        out: dict[Unit, tuple[LinearExpr, int]] = {}
        for s, session in enumerate(o.sessions):
            terms: list[LinearExpr] = []
            most = 0
            for k, car in enumerate(session.cars):
                for crew in car.crew:
                    if crew.competitor != i:
                        continue
                    for p, var in enumerate(self.counted[s].get(k, [])):
                        w = o.units(session.worth_of(p + 1) * crew.share)
                        if w:
                            terms.append(w * var)
                    most += o.units(max(session.worth, default=0) * crew.share)
                    for j, bonus in enumerate(session.bonuses):
                        w = o.units(bonus.points * crew.share)
                        most += w
                        if bonus.holder == "first" and session.places:
                            terms.append(w * self.place[s][k][0])
                        elif k in self.bonus[s][j]:
                            terms.append(w * self.bonus[s][j][k])
            if terms or most:
                expr, bound = out.get(session.unit, (0, 0))
                out[session.unit] = (expr + sum(terms), bound + most)
        return out

    def raw(self, i: int) -> LinearExpr:
        """Competitor i's future points before drops (what drops count is never more)."""
        return sum((expr for expr, _ in self.unit_points(i).values()), 0)

    def needs_at_least(self, i: int, points: int, when: cp_model.IntVar) -> None:
        """A cut the solver's relaxation can use: `when` holds only if i scores at least
        `points` more (linear: raw >= points * when, as raw is never negative)."""
        if points > 0:
            self.m.add(self.raw(i) >= points * when)

    def reaches(self, i: int, target: int, when: cp_model.IntVar) -> None:
        """A cut for a fixed target: `when` only if i's counted total reaches `target`,
        written per choice of future scores counted (one drop block over the season), each
        choice a linear constraint the relaxation reads well."""
        o, m = self.o, self.m
        c = o.competitors[i]
        future = self.unit_points(i)
        if len(o.blocks) != 1 or o.blocks[0].rounds is not None or len(future) > _SUBSETS:
            return
        if set(future) & set(c.past):
            return
        best = o.blocks[0].best
        past = sorted((o.units(v) for v in c.past.values()), reverse=True)
        prefix = [0]
        for v in past:
            prefix.append(prefix[-1] + v)
        exprs = [expr for expr, _ in future.values()]
        options = []
        for mask in range(1, 1 << len(exprs)):
            chosen = [exprs[n] for n in range(len(exprs)) if mask >> n & 1]
            if len(chosen) > best:
                continue
            need = target - o.units(c.offset) - prefix[min(best - len(chosen), len(past))]
            if need <= 0:
                return  # reached already: no cut
            option = m.new_bool_var(f"reach{i}_{mask}")
            m.add(sum(chosen, 0) >= need * option)
            options.append(option)
        m.add(sum(options) >= when)

    def points(self, i: int) -> cp_model.IntVar:
        """Competitor i's final counted total (drops applied), in units of 1/D."""
        if i in self._points:
            return self._points[i]
        o, m = self.o, self.m
        c = o.competitors[i]
        future = self.unit_points(i)
        past = {u: o.units(v) for u, v in c.past.items()}
        units = set(past) | set(future)
        total: list[LinearExpr] = [o.units(c.offset)]
        bound = abs(o.units(c.offset))
        seen: set[Unit] = set()
        for block in o.blocks:
            inside = sorted(u for u in units if block.rounds is None or u[0] in block.rounds)
            seen.update(inside)
            constants = sorted((past.get(u, 0) for u in inside if u not in future), reverse=True)
            constants = constants[: block.best]
            variables: list[tuple[LinearExpr, int]] = []
            for u in inside:
                if u in future:
                    expr, most = future[u]
                    variables.append((expr + past.get(u, 0), most + past.get(u, 0)))
            if not variables:
                total.append(sum(constants))
                bound += sum(constants)
                continue
            if len(variables) <= _SUBSETS:
                counted, most = self._best_of_subsets(i, constants, variables, block.best)
            else:
                counted, most = self._best_by_threshold(i, constants, variables, block.best)
            total.append(counted)
            bound += most
        for u in units - seen:
            if u in future:
                expr, most = future[u]
                total.append(expr + past.get(u, 0))
                bound += most + past.get(u, 0)
            else:
                total.append(past[u])
                bound += past[u]
        var = m.new_int_var(-bound - 1, bound + 1, f"points{i}")
        m.add(var == sum(total))
        self._points[i] = var
        return var

    def _best_of_subsets(
        self, i: int, constants: list[int], variables: list[tuple[LinearExpr, int]], best: int
    ) -> tuple[LinearExpr, int]:
        """The best `best` of past constants and a few future scores: the most over every
        choice of future scores counted, the best past ones filling the rest (exact, and
        tight for the solver)."""
        m = self.m
        prefix = [0]
        for c in constants:
            prefix.append(prefix[-1] + c)
        options: list[LinearExpr] = []
        most = 0
        for mask in range(1 << len(variables)):
            chosen = [variables[n] for n in range(len(variables)) if mask >> n & 1]
            rest = best - len(chosen)
            if rest < 0:
                continue
            fill = prefix[min(rest, len(constants))]
            options.append(sum((v for v, _ in chosen), 0) + fill)
            most = max(most, sum(b for _, b in chosen) + fill)
        target = m.new_int_var(0, max(most, 0), f"best{i}")
        m.add_max_equality(target, options)
        return target, most

    def _best_by_threshold(
        self, i: int, constants: list[int], variables: list[tuple[LinearExpr, int]], best: int
    ) -> tuple[LinearExpr, int]:
        """The best `best` values: those chosen are at or above a threshold, the others at or
        below it (for many future scores, where the subsets would be too many)."""
        m = self.m
        values: list[tuple[LinearExpr, int]] = [(v, v) for v in constants] + variables
        keep = min(best, len(values))
        top = max(most for _, most in values)
        t = m.new_int_var(0, max(top, 0), f"t{i}")
        chosen = []
        parts: list[LinearExpr] = []
        bound = 0
        for n, (value, most) in enumerate(values):
            sel = m.new_bool_var(f"sel{i}_{n}")
            chosen.append(sel)
            m.add(value >= t).only_enforce_if(sel)
            m.add(value <= t).only_enforce_if(sel.negated())
            w = m.new_int_var(0, max(most, 0), f"w{i}_{n}")
            m.add(w == value).only_enforce_if(sel)
            m.add(w == 0).only_enforce_if(sel.negated())
            parts.append(w)
            bound += max(most, 0)
        m.add(sum(chosen) == keep)
        return sum(parts, 0), bound

    def key(self, i: int) -> list[LinearExpr]:
        """(points, then each countback's count of 1sts, 2nds, ...): greater is better."""
        if i in self._keys:
            return self._keys[i]
        o = self.o
        parts: list[LinearExpr] = [self.points(i)]
        for j, step in enumerate(o.steps):
            width = self.width(j)
            for p in range(1, width + 1):
                expr: LinearExpr = o.competitors[i].counts[j].get(p, 0)
                for s, session in enumerate(o.sessions):
                    if not session.counts[j] or p > session.places:
                        continue
                    for k, car in enumerate(session.cars):
                        for crew in car.crew:
                            if crew.competitor != i or k not in self.counted[s]:
                                continue
                            if step.scoring_only and session.worth_of(p) * crew.share <= 0:
                                continue
                            expr = expr + self.counted[s][k][p - 1]
                parts.append(expr)
        self._keys[i] = parts
        return parts

    def width(self, j: int) -> int:
        """How many places countback step j compares (every place anyone can hold in it)."""
        o = self.o
        step = o.steps[j]
        if step.places:
            return step.places
        top = max((max(c.counts[j], default=0) for c in o.competitors), default=0)
        for session in o.sessions:
            if session.counts[j]:
                top = max(top, session.places)
        return max(top, 1)

    def ahead(self, a: int, b: int, ties: bool) -> cp_model.IntVar:
        """A boolean: competitor a ranks ahead of b (`ties`: what a step not looked ahead at
        would say)."""
        cached = self._ahead.get((a, b, ties))
        if cached is not None:
            return cached
        m, o = self.m, self.o
        ka, kb = self.key(a), self.key(b)
        by_name = o.name_rank[a] < o.name_rank[b]
        tail = by_name if o.tail == "name" else (o.tail == "unknown" and ties)
        options: list[cp_model.IntVar] = []
        equal: cp_model.IntVar | None = None  # every part so far equal
        for n, (x, z) in enumerate(zip(ka, kb, strict=True)):
            gt, eq, lt = (m.new_bool_var(f"cmp{a}_{b}_{n}_{w}") for w in "gel")
            m.add_exactly_one([gt, eq, lt])
            m.add(x >= z + 1).only_enforce_if(gt)
            m.add(x == z).only_enforce_if(eq)
            m.add(x <= z - 1).only_enforce_if(lt)
            if equal is None:
                options.append(gt)
                equal = eq
            else:
                f = m.new_bool_var(f"win{a}_{b}_{n}")
                m.add_bool_and([equal, gt]).only_enforce_if(f)
                m.add_bool_or([equal.negated(), gt.negated()]).only_enforce_if(f.negated())
                options.append(f)
                e = m.new_bool_var(f"eq{a}_{b}_{n}")
                m.add_bool_and([equal, eq]).only_enforce_if(e)
                m.add_bool_or([equal.negated(), eq.negated()]).only_enforce_if(e.negated())
                equal = e
        if tail and equal is not None:
            options.append(equal)
        result = m.new_bool_var(f"ahead{a}_{b}_{int(ties)}")
        m.add(sum(options) == result)  # the options exclude each other
        self._ahead[(a, b, ties)] = result
        return result

    # -- conditions and questions ---------------------------------------------------------

    def require(self, condition: Place) -> None:
        s, session = condition.session, self.o.sessions[condition.session]
        top = min(condition.top, session.places)
        held = [
            self.place[s][k][p]
            for k, car in enumerate(session.cars)
            if any(c.competitor == condition.competitor for c in car.crew)
            for p in range(top)
        ]
        if condition.within:
            self.m.add(sum(held) >= 1)
        else:
            self.m.add(sum(held) == 0)

    def _solver(self) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = self.time_limit
        solver.parameters.num_workers = self.workers
        return solver

    def feasible(self, must: Sequence[cp_model.LiteralT] = ()) -> bool | None:
        """Whether some outcome holds every condition and makes each of `must` true."""
        for var in must:
            self.m.add(var == 1)
        status = self._solver().solve(self.m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        if status == cp_model.INFEASIBLE:
            return False
        return None

    def maximum(self, terms: Sequence[cp_model.IntVar]) -> int | None:
        """The most of `terms` that can be true at once; None if not proved in time."""
        self.m.maximize(sum(terms))
        solver = self._solver()
        status = solver.solve(self.m)
        if status == cp_model.OPTIMAL:
            return round(solver.objective_value)
        return None
