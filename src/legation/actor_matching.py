"""Token-level matching of registry names, titles and bodies, and the phrase resolver.

Split out of :mod:`legation.actors` (which holds the document-level interface); see its
docstring for how a text is read.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .actor_registry import _TOKEN, Entry, Registry, Target, fold, pattern_ok
from .models import Actor

# words that may sit between a title and its organisation / country ("Secretary of the SNSC")
_OF = {"of"}
_DETS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "both"}
_PREPS = {"of", "in", "on", "at", "from", "among", "between", "with", "for", "to", "by", "against",
          "over", "under", "into", "during", "after", "before", "who", "which", "that", "whose", "near",
          "across", "through", "including", "like", "amid", "towards", "toward", "about", "without"}
_COUNTRYLIKE = ("state", "demonym", "metonym")
_COORD_WORDS = {",", "and", "&", "or", "/", "-", "plus", "nor", "with"}
_EVENT_NOUNS = {"talks", "process", "format", "summit", "agreement", "accord", "accords", "conference",
                "declaration", "meeting", "meetings", "peace", "negotiations", "protocol", "treaty", "memorandum",
                "communique", "platform", "group", "round", "forum", "dialogue", "consensus", "airport", "province",
                "governorate", "region", "city", "countryside", "suburbs", "streets", "residents"}
_SMALL = {"of", "the", "for", "and", "on", "to", "in"}
_FORMAL_SINGLE = {"president", "premier", "chancellor", "ambassador"}
_SECTOR_MODIFIERS = {"armed_forces", "troops", "police", "intelligence", "rebels", "civilians", "media"}
_NOT_ACTOR_PREFIX = {"anti", "pro", "non", "post", "pre", "pan"}
_FORMER = {"former", "ousted", "deposed", "late", "exiled", "ex", "then", "outgoing", "toppled"}
_PLACE_PREPS = {"in", "into", "near", "outside", "around", "across", "inside", "throughout", "within",
                "downtown", "eastern", "western", "northern", "southern", "central", "via"}
_ADJ_SKIP = {"new", "top", "senior", "current", "interim", "acting", "incoming", "outgoing", "elected",
             "ruling", "main", "own", "powerful", "federal", "national", "provisional", "transitional", "caretaker",
             "military", "civilian", "chief", "deputy", "junior", "veteran", "hardline", "moderate", "embattled", "beleaguered"}
_GOVERNMENT_WORDS = {"administration", "government", "regime", "cabinet"}
_TOP_OFFICES = {"leader", "secretary_general", "secretary", "commander", "director", "president"}


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    surface: str
    key: str


@dataclass
class Atom:
    """A matched registry name, title or body over tokens [i, j)."""

    i: int
    j: int
    kind: str  # "name" | "title" | "body" | "surname"
    targets: list[Target] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    body: str | None = None
    poss: int = 0  # tokens of a following possessive "'s" / "’s"

    @property
    def country_iso(self) -> str | None:
        for t in self.targets:
            if t.type in _COUNTRYLIKE:
                return t.id
        return None

    def has(self, *types: str) -> bool:
        return any(t.type in types for t in self.targets)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """The tokens of text[start:end] (as :func:`tokens_of` finds them), with document offsets."""
    end = len(text) if end is None else end
    out = []
    for m in _TOKEN.finditer(text, start, end):  # no anchors or lookarounds: as on the slice
        w = m.group()
        out.append(Tok(m.start(), m.end(), w, fold(w)))
    return out


def find_atoms(toks: list[Tok], reg: Registry, introduced: set[str] | None = None) -> list[Atom]:
    """Longest-first matching of names, titles and bodies. ``introduced`` (person ids named
    in full so far) enables surname matches; it is updated as persons are found."""
    atoms: list[Atom] = []
    n = len(toks)
    keys = [t.key for t in toks]
    i = 0
    first, prefixes = reg.first_tokens, reg.key_prefixes
    for at in [x for x, k in enumerate(keys) if k in first]:  # only where a name can start
        if at < i:
            continue
        i = at
        found: Atom | None = None
        top, longest = min(reg.max_len, n - i), 1
        while longest < top and tuple(keys[i:i + longest + 1]) in prefixes:
            longest += 1
        for length in range(longest, 0, -1):  # longer runs are no key of any table
            k = tuple(keys[i:i + length])
            cands = reg.names.get(k)
            if cands:
                surf = [t.surface for t in toks[i:i + length]]
                ok = [t for t in cands if pattern_ok(t.pattern, surf)]
                if ok:
                    found = Atom(i, i + length, "name", targets=ok)
                    break
            if k in reg.titles and not (length == 1 and len(k[0]) <= 2 and not toks[i].surface.isupper()):
                found = Atom(i, i + length, "title", offices=list(reg.titles[k]))
                break
            if k in reg.body_words and not (length == 1 and toks[i].surface.isupper() and k[0] == "mod"):
                found = Atom(i, i + length, "body", body=reg.body_words[k])
                break
            if (introduced is not None and k in reg.surnames and toks[i].surface[:1].isupper()
                    and not toks[i].surface.isupper()):
                ids = [p for p in reg.surnames[k] if p in introduced]
                if len(ids) == 1:
                    found = Atom(i, i + length, "surname", targets=[Target("person", ids[0], ())])
                    break
                nxt_key = keys[i + length] if i + length < n else ""
                countries = {reg.entries[p].country for p in reg.surnames[k]}
                if nxt_key in _GOVERNMENT_WORDS and len(countries) == 1 and None not in countries:
                    found = Atom(i, i + length, "name", targets=[Target("demonym", countries.pop() or "", ())])
                    break
        if found is None:
            i += 1
            continue
        if introduced is not None:
            for t in found.targets:
                if t.type == "person":
                    introduced.add(t.id)
        j = found.j
        if j + 1 < n and keys[j] == "'" and keys[j + 1] == "s" and toks[j].start == toks[j - 1].end:
            found.poss = 2
        atoms.append(found)
        i = j
    return atoms


class _Resolver:
    """Turns the atoms of one text (a document or a span) into actors."""

    def __init__(self, text: str, toks: list[Tok], reg: Registry, date: str | None,
                 persons_at: dict[int, Any] | None = None, salience: Counter[str] | None = None) -> None:
        self.text, self.toks, self.reg, self.date = text, toks, reg, date
        self.persons_at = persons_at or {}  # token index -> spaCy PERSON mention (start, end)
        self.salience = salience or Counter()

    # -- actor builders ------------------------------------------------------------------------
    def _span(self, i: int, j: int) -> tuple[int, int, str]:
        s, e = self.toks[i].start, self.toks[j - 1].end
        return s, e, self.text[s:e]

    def state_actor(self, i: int, j: int, iso: str, typ: str) -> Actor:
        s, e, txt = self._span(i, j)
        st = self.reg.states[iso]
        if typ == "metonym":
            return Actor(txt, s, e, f"{iso}/government", f"Government of {st.name}", iso, "GOV", "government")
        return Actor(txt, s, e, iso, st.name, iso, None, "state")

    def entry_actor(self, i: int, j: int, entry: Entry) -> Actor:
        s, e, txt = self._span(i, j)
        if entry.kind != "person":
            return Actor(txt, s, e, entry.id, entry.name, entry.country, entry.sector, entry.kind)
        role = entry.role_at(self.date)
        if role is not None:
            country, sector = role.country if role.org is None or role.country else entry.country, role.sector
        else:
            country = entry.country
            sector = "ELI" if entry.had_role_before(self.date) else entry.sector
        return Actor(txt, s, e, entry.id, entry.name, country, sector, "person")

    def body_actor(self, i: int, j: int, body_key: str, iso: str | None) -> Actor:
        s, e, txt = self._span(i, j)
        body = self.reg.bodies[body_key]
        st = self.reg.state_of(iso)
        if body.canonical and st is not None:
            return Actor(txt, s, e, f"{iso}/{body.key}", f"{body.label[:1].upper()}{body.label[1:]} of {st.name}",
                         iso, body.sector, body.kind)
        return Actor(txt, s, e, None, _strip_det(txt), iso, body.sector, body.kind)

    # -- resolution helpers --------------------------------------------------------------------
    def org_of(self, atom: Atom, qual: str | None) -> Entry | None:
        """The organisation an org atom names, using a country qualifier and salience."""
        plain = [self.reg.entries[t.id] for t in atom.targets if t.type == "org"]
        ctx = [self.reg.entries[t.id] for t in atom.targets if t.type == "org_ctx"]
        if qual:
            for e in plain + ctx:
                if e.country == qual:
                    return e
        if len(plain) == 1:
            return plain[0]
        if plain:
            return plain[0]
        if ctx:
            best = max(ctx, key=lambda e: self.salience.get(e.country or "", 0))
            if self.salience.get(best.country or "", 0) > 0:
                return best
        return None

    def top_country(self) -> str | None:
        """The country the text talks about most (for titled persons the registry lacks)."""
        if not self.salience:
            return None
        (iso, n), *rest = self.salience.most_common(2)
        return iso if not rest or rest[0][1] < n else None

    def _prefixed(self, i: int) -> bool:
        """'anti-Syria', 'pro-Iranian': a country word that is not an actor."""
        t = self.toks
        return i >= 2 and t[i - 1].key == "-" and t[i - 2].key in _NOT_ACTOR_PREFIX and t[i - 1].start == t[i - 2].end

    def _former(self, i: int) -> bool:
        t = self.toks
        k = i - 1
        while k >= 0 and t[k].key in _DETS:
            k -= 1
        return k >= 0 and (t[k].key in _FORMER or (t[k].key == "-" and k > 0 and t[k - 1].key == "ex"))

    def person_of(self, atom: Atom) -> Entry | None:
        for t in atom.targets:
            if t.type == "person":
                return self.reg.entries[t.id]
        return None

    def holder(self, offices: list[str], country: str | None = None, org: str | None = None) -> Entry | None:
        if country is not None and org is None and offices == ["leader"]:
            offices = self.reg.leader_offices(country)
        if org is None:
            offices = [o for o in offices if o not in ("secretary", "secretary_general", "leader", "commander")] or offices
        found = self.reg.holders(offices, country=country, org=org, date=self.date)
        return found[0] if found else None

    def title_sector(self, offices: list[str], org: Entry | None) -> str | None:
        if org is not None:
            return org.sector
        off = self.reg.offices.get(offices[0]) if offices else None
        return off.sector if off else None

    # -- the combination pass ------------------------------------------------------------------
    def resolve(self, atoms: list[Atom], *, bare_titles: bool = False, bare_bodies: bool = False) -> list[Actor]:
        out: list[Actor] = []
        by_start = {a.i: a for a in atoms}
        k = 0
        consumed: set[int] = set()
        while k < len(atoms):
            a = atoms[k]
            if a.i in consumed:
                k += 1
                continue
            res = self._combine(a, by_start, consumed, bare_titles, bare_bodies)
            out.extend(res)
            k += 1
        return out

    def _next(self, j: int, by_start: dict[int, Atom], skip_dets: bool = False) -> Atom | None:
        if skip_dets:
            while j < len(self.toks) and self.toks[j].key in _DETS:
                j += 1
        return by_start.get(j)

    def _skip_paren(self, j: int) -> int:
        """Skip a parenthetical acronym "(SNSC)" right after a name."""
        t = self.toks
        if j < len(t) and t[j].key == "(":
            for m in range(j + 1, min(j + 6, len(t))):
                if t[m].key == ")":
                    return m + 1
        return j

    def _person_after(self, j: int, by_start: dict[int, Atom]) -> tuple[int, Entry | None] | None:
        """A person named right after token j: (end token, registry entry or None)."""
        j = self._skip_paren(j)
        while (nxt := by_start.get(j)) is not None and nxt.kind == "title":
            j = nxt.j  # "Leader of the Islamic Revolution Ayatollah Ali Khamenei"
        nxt = by_start.get(j)
        if nxt is not None and nxt.has("person"):
            return nxt.j, self.person_of(nxt)
        if j in self.persons_at:
            end_char = self.persons_at[j][1]
            m = j
            while m < len(self.toks) and self.toks[m].end <= end_char:
                m += 1
            if m > j and not (nxt is not None and nxt.kind == "name" and nxt.j >= m):
                return m, None
        return None

    def _title_actor(self, i: int, title: Atom, j: int, by_start: dict[int, Atom], consumed: set[int],
                     country: str | None, org: Entry | None) -> list[Actor]:
        """A title (with its qualifier spanning tokens i..j) and maybe a person after it."""
        if country is not None and org is None and title.offices == ["leader"]:
            title = Atom(title.i, title.j, "title", offices=self.reg.leader_offices(country))
        pa = self._person_after(j, by_start)
        if pa is not None:
            end, entry = pa
            for a in list(by_start.values()):
                if j <= a.i < end:
                    consumed.add(a.i)
            if entry is not None:
                actor = self.entry_actor(i, end, entry)
                if entry.role_at(self.date) is None and self.date:
                    actor.sector = "ELI" if self._former(i) else self.title_sector(title.offices, org)
                    actor.country = actor.country or country or (org.country if org else None)
                return [actor]
            s, e, txt = self._span(i, end)
            ps, pe = self.toks[self._skip_paren(j)].start, self.toks[end - 1].end
            sector = "ELI" if self._former(i) else self.title_sector(title.offices, org)
            where = country if org is None else org.country
            if where is None and org is None:
                where = self.top_country()
            return [Actor(txt, s, e, None, self.text[ps:pe], where, sector, "person")]
        entry = None if self._former(i) else self.holder(title.offices, country, org.id if org else None)
        if entry is not None:
            return [self.entry_actor(i, j, entry)]
        s, e, txt = self._span(i, j)
        if country is None and org is None:
            return []
        sector = "ELI" if self._former(i) else self.title_sector(title.offices, org)
        return [Actor(txt, s, e, None, _strip_det(txt), country if org is None else org.country, sector, "person")]

    def _combine(self, a: Atom, by_start: dict[int, Atom], consumed: set[int],
                 bare_titles: bool, bare_bodies: bool) -> list[Actor]:
        consumed.add(a.i)
        j = a.j + a.poss
        nxt = self._next(j, by_start)
        if nxt is None and j < len(self.toks) and self.toks[j].key in _ADJ_SKIP:
            cand = by_start.get(j + 1)
            if cand is not None and cand.kind in ("title", "body"):
                nxt = cand
        iso = a.country_iso if a.kind == "name" else None
        if a.kind in ("name", "surname") and a.has("person"):
            entry = self.person_of(a)
            if entry is None:
                return []
            if nxt is not None and nxt.kind == "body" and nxt.body == "government" and entry.country:
                consumed.add(nxt.i)  # "the Trump administration", "Assad's regime"
                return [self.body_actor(a.i, nxt.j, "government", self.entry_actor(a.i, a.j, entry).country)]
            return [self.entry_actor(a.i, a.j, entry)]
        if a.kind == "name" and iso is not None and not a.has("org", "org_ctx"):
            if self._prefixed(a.i):
                return []
            if nxt is not None and nxt.kind == "title":
                consumed.add(nxt.i)
                return self._title_actor(a.i, nxt, nxt.j, by_start, consumed, iso, None)
            if nxt is not None and nxt.kind == "body":
                consumed.add(nxt.i)
                person = self._body_person(a.i, nxt, by_start, consumed, iso)
                if person:
                    return person
                # "Iranian military advisers": absorb a second body word ("military" + "advisers")
                end, body = nxt.j, nxt.body or ""
                nn = by_start.get(end)
                if nn is not None and nn.kind == "body":
                    consumed.add(nn.i)
                    end = nn.j
                    body = _pick_body(self.reg, body, nn.body or "")
                return [self.body_actor(a.i, end, body, iso)]
            if nxt is not None and nxt.kind == "name" and nxt.has("org", "org_ctx"):
                org = self.org_of(nxt, iso)
                if org is not None and org.country == iso:
                    consumed.add(nxt.i)
                    return self._org_then_title(a.i, nxt, org, by_start, consumed)
            typ = "metonym" if a.has("metonym") and not a.has("state", "demonym") else a.targets[0].type
            if typ == "metonym" and ((j < len(self.toks) and self.toks[j].key in _EVENT_NOUNS)
                                     or (a.i > 0 and self.toks[a.i - 1].key in _PLACE_PREPS)):
                return []
            return [self.state_actor(a.i, a.j, iso, typ)]
        if a.kind == "name" and a.has("org", "org_ctx"):
            qual = None
            end = a.j
            # "the National Security Council of Russia"
            if end + 1 < len(self.toks) and self.toks[end].key == "of":
                q = self._next(end + 1, by_start, skip_dets=True)
                if q is not None and q.kind == "name" and q.country_iso and not q.has("org", "org_ctx", "person"):
                    org_q = self.org_of(a, q.country_iso)
                    if org_q is not None and org_q.country == q.country_iso:
                        consumed.add(q.i)
                        return self._org_then_title(a.i, a, org_q, by_start, consumed, end_tok=q.j)
            org = self.org_of(a, qual)
            if org is None:
                return []
            return self._org_then_title(a.i, a, org, by_start, consumed)
        if a.kind == "title":
            return self._bare_title(a, by_start, consumed, bare_titles)
        if a.kind == "body" and (person := self._body_person(a.i, a, by_start, consumed, None)):
            return person
        if a.kind == "body":
            # "the armed forces of Iran"
            if j + 1 < len(self.toks) and self.toks[j].key == "of":
                q = self._next(j + 1, by_start, skip_dets=True)
                if q is not None and q.kind == "name" and q.has("state") and not q.has("org", "person"):
                    consumed.add(q.i)
                    return [self.body_actor(a.i, q.j, a.body or "", q.country_iso)]
            if bare_bodies:
                return [self.body_actor(a.i, a.j, a.body or "", None)]
            body_def = self.reg.bodies.get(a.body or "")
            if body_def is not None and body_def.alone and tuple(t.key for t in self.toks[a.i:a.j]) not in self.reg.vague:
                nxt_body = by_start.get(a.j)
                if nxt_body is not None and nxt_body.kind == "body":  # "government forces", "coalition partners"
                    consumed.add(nxt_body.i)
                    return [self.body_actor(a.i, nxt_body.j, _pick_body(self.reg, a.body or "", nxt_body.body or ""), None)]
                return [self.body_actor(a.i, a.j, a.body or "", None)]
        return []

    def _org_then_title(self, i: int, org_atom: Atom, org: Entry, by_start: dict[int, Atom],
                        consumed: set[int], end_tok: int | None = None) -> list[Actor]:
        """An organisation, or its office holder when a title follows ("SNSC Head Shamkhani")."""
        end = end_tok or org_atom.j
        if org.kind == "group":  # "Sunni vice-president": a community word qualifies nobody's office
            return [self.entry_actor(i, end, org)]
        nxt = by_start.get(end + org_atom.poss if end_tok is None else end)
        if nxt is None and end_tok is None and end < len(self.toks) and self.toks[end].surface.islower():
            skip = by_start.get(end + 1)  # one modifier between: "NATO peacekeeping troops"
            if skip is not None and skip.kind == "body":
                nxt = skip
        if nxt is not None and nxt.kind == "body":
            body = self.reg.bodies[nxt.body or ""]
            consumed.add(nxt.i)
            s, e, txt = self._span(i, nxt.j)
            sector = body.sector if body.sector in ("MIL", "COP", "SPY", "REB") else org.sector
            return [Actor(txt, s, e, org.id, org.name, org.country, sector, org.kind)]
        if nxt is not None and nxt.kind == "title":
            offices = self._org_offices(nxt.offices, org)
            consumed.add(nxt.i)
            t = Atom(nxt.i, nxt.j, "title", offices=offices)
            return self._title_actor(i, t, nxt.j, by_start, consumed, None, org)
        return [self.entry_actor(i, end, org)]

    def _body_person(self, i: int, body_atom: Atom, by_start: dict[int, Atom], consumed: set[int],
                     iso: str | None) -> list[Actor]:
        """A description right before a name ("his Russian counterpart Nikolai Patrushev",
        "Russian affairs expert Rouhullah Modaber"): the person, described."""
        pa = self._person_after(body_atom.j, by_start)
        if pa is None:
            return []
        end, entry = pa
        for a in list(by_start.values()):
            if body_atom.j <= a.i < end:
                consumed.add(a.i)
        if entry is not None:
            return [self.entry_actor(i, end, entry)]
        s, e, txt = self._span(i, end)
        ps = self.toks[self._skip_paren(body_atom.j)].start
        body = self.reg.bodies[body_atom.body or ""]
        return [Actor(txt, s, e, None, self.text[ps:e], iso, body.sector, "person")]

    def _org_offices(self, offices: list[str], org: Entry) -> list[str]:
        """Offices of ``org`` a title can mean: "leader"/"head"/"chief" mean its top office."""
        held = {r.office for es in self.reg.role_index.values() for _, r in es if r.org == org.id}
        wanted = set(offices)
        if wanted & _TOP_OFFICES:
            wanted |= _TOP_OFFICES
        return [o for o in held if o in wanted] or offices

    def _bare_title(self, a: Atom, by_start: dict[int, Atom], consumed: set[int], bare: bool) -> list[Actor]:
        j = a.j
        # "Secretary of (the) Supreme National Security Council of Iran", "President of Russia"
        if j + 1 < len(self.toks) and self.toks[j].key in _OF:
            q = self._next(j + 1, by_start, skip_dets=True)
            if q is not None and q.kind == "name":
                iso = q.country_iso
                org: Entry | None = None
                end = q.j
                if iso and q.has("state", "metonym") and not q.has("org", "org_ctx", "person"):
                    nq = by_start.get(q.j + q.poss)
                    if q.poss and nq is not None and nq.kind == "name" and nq.has("org", "org_ctx"):
                        org = self.org_of(nq, iso)
                        consumed.add(nq.i)
                        end = nq.j
                    consumed.add(q.i)
                elif q.has("org", "org_ctx"):
                    org = self.org_of(q, None)
                    if end + 1 < len(self.toks) and self.toks[end].key == "of":
                        q2 = self._next(end + 1, by_start, skip_dets=True)
                        if q2 is not None and q2.kind == "name" and q2.country_iso and not q2.has("org", "person"):
                            org = self.org_of(q, q2.country_iso) or org
                            consumed.add(q2.i)
                            end = q2.j
                    consumed.add(q.i)
                    iso = None
                else:
                    iso = None
                if org is not None or iso is not None:
                    offices = a.offices
                    if org is not None:
                        offices = self._org_offices(a.offices, org)
                    t = Atom(a.i, a.j, "title", offices=offices)
                    return self._title_actor(a.i, t, end, by_start, consumed, iso, org)
        pa = self._person_after(j, by_start)
        if pa is not None:
            return self._title_actor(a.i, a, j, by_start, consumed, None, None)
        surfaces = [t.surface for t in self.toks[a.i:a.j]]
        formal = all(w[:1].isupper() for w in surfaces if w.isalpha() and w.lower() not in _SMALL) and (
            a.j - a.i > 1 or fold(surfaces[0]) in _FORMAL_SINGLE)
        if bare or formal:  # "the Foreign Secretary", "The Prime Minister said"
            s, e, txt = self._span(a.i, a.j)
            off = self.reg.offices.get(a.offices[0])
            return [Actor(txt, s, e, None, _strip_det(txt), None, off.sector if off else None, "person")]
        return []


def _pick_body(reg: Registry, first: str, second: str) -> str:
    """Two body words in a row ("military advisers", "civilian advisers", "government
    forces"): a sector word before a generic noun decides, else the head noun does."""
    if first in _SECTOR_MODIFIERS and second in ("troops", "officials", "civilians", "academics"):
        return "troops" if first in ("armed_forces", "troops") else first
    return second


def _strip_det(text: str) -> str:
    words = text.split()
    while words and fold(words[0]) in _DETS:
        words = words[1:]
    return " ".join(words) or text
