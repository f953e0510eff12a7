"""What a cache file may hold, and how each entry is checked on the way back.

A cache file is msgpack: maps, arrays, strings, numbers, booleans and nil, never objects. What an
entry held (records, enums, dates, tuples) is rebuilt from those by a codec made from the entry's
type, which checks every part on the way: a value of the wrong shape is a cache miss.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


class Mismatch(Exception):
    """A cached value does not have the shape its type says: the entry is a miss."""


@dataclass(frozen=True)
class Codec:
    """To and from the plain data a cache file holds, for values of one type.

    `many` decodes a list of values at once (raising Mismatch if any has another shape): for
    plain values it checks them in bulk, with type() and len() mapped over flat lists in C,
    rather than one value at a time. `same`: decode gives back the value it checked (the plain
    data is the value), so a container of such values need not be rebuilt.

    `wire`: the type of what encode gives, when it holds frozen dataclasses (records) as they
    are. A cache file of such values is written and read by msgspec, which checks every part
    against the type while it makes the records (see stores.read_file); decode then gets a
    value of that type and only checks what the type cannot say.
    """

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]  # raises Mismatch (or any exception) on a value of another shape
    many: Callable[[list[Any]], list[Any]] | None = None
    same: bool = False
    wire: Any = None

    def decode_many(self, values: list[Any]) -> list[Any]:
        """Every value decoded (see `many`)."""
        if self.many is not None:
            return self.many(values)
        dec = self.decode
        return [dec(v) for v in values]


class ContentKey(tuple[Any, ...]):
    """Stands for a content key (Key) in a type given to codec(); never made."""


def typed(tp: Any) -> Codec:
    """The codec of a type msgspec checks whole on the way back (builtins, tuples, lists, maps
    of them; see Codec.wire): a file of such values is read in C with nothing left to check."""
    return Codec(_same, _same, wire=tp)


def fields_codec(**types: Any) -> Codec:
    """A map with exactly these keys, each value of its type (a snapshot of several parts)."""
    parts = {name: codec(tp) for name, tp in types.items()}
    names = set(parts)

    def enc(v: dict[str, Any]) -> Any:
        return {name: c.encode(v[name]) for name, c in parts.items()}

    def dec(v: Any) -> Any:
        if type(v) is not dict or set(v) != names:
            raise Mismatch("fields")
        return {name: c.decode(v[name]) for name, c in parts.items()}

    return Codec(enc, dec)


def _bad(v: Any) -> Any:
    raise Mismatch(type(v).__name__)


def _leaf(*types: type) -> Codec:
    allowed = frozenset(types)

    def decode(v: Any) -> Any:
        if type(v) not in allowed:
            raise Mismatch(f"{type(v).__name__} is not {'/'.join(t.__name__ for t in types)}")
        return v

    def many(vs: list[Any]) -> list[Any]:
        if not allowed.issuperset(map(type, vs)):
            raise Mismatch(f"not {'/'.join(t.__name__ for t in types)}")
        return vs

    return Codec(_same, decode, many, same=True)


def _keys_many(vs: list[Any]) -> list[Any]:
    if not are_keys(vs):
        raise Mismatch("key")
    return vs


def _same(v: Any) -> Any:
    return v


_CODECS: dict[Any, Codec] = {}


def codec(tp: Any) -> Codec:
    """The codec of a type: builtins, dates, enums, frozen dataclasses, Optional/Union of
    those, tuple[X, ...], tuple[X, Y], list[X], set[X], dict[K, V], and Any (plain data)."""
    try:
        hit = _CODECS.get(tp)
    except TypeError:
        hit = None
    if hit is None:
        hit = _make(tp)
        with contextlib.suppress(TypeError):
            _CODECS[tp] = hit
    return hit


def _make(tp: Any) -> Codec:
    import dataclasses
    import enum
    import types
    import typing
    from datetime import date, datetime

    if tp is Any:
        return PLAIN
    if tp is ContentKey:
        return Codec(_same, lambda v: v if _is_key(v) else _bad(v), _keys_many, same=True)
    if tp is None or tp is type(None):
        return _leaf(type(None))
    if tp is str:
        return _leaf(str)
    if tp is bool:
        return _leaf(bool)
    if tp is int:
        return _leaf(int)
    if tp is float:
        return Codec(_same, lambda v: float(v) if type(v) in (int, float) else _bad(v))
    if tp is bytes:
        return _leaf(bytes)
    if tp is datetime:
        return Codec(
            lambda v: v.isoformat(),
            lambda v: datetime.fromisoformat(v) if type(v) is str else _bad(v),
        )
    if tp is date:
        return Codec(
            lambda v: v.toordinal(), lambda v: date.fromordinal(v) if type(v) is int else _bad(v)
        )
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        by_value = {m.value: m for m in tp}
        return Codec(lambda v: v.value, lambda v: by_value[v] if type(v) is str else _bad(v))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = codec(args[0])
            ie, imany = item.encode, item.decode_many

            def dec_items(v: Any) -> Any:
                if type(v) not in (list, tuple):
                    raise Mismatch("tuple")
                return tuple(imany(list(v))) if v else ()

            if not item.same:
                return Codec(lambda v: [ie(x) for x in v], dec_items)

            def many_items(vs: list[Any]) -> list[Any]:
                if vs and set(map(type, vs)) == {tuple}:  # as msgpack gives them: checked as one
                    flat = list(itertools.chain.from_iterable(vs))
                    if imany(flat) is flat:
                        return vs
                return [dec_items(v) for v in vs]

            return Codec(list, dec_items, many_items)
        parts = [codec(a) for a in args]
        n = len(parts)
        encs, decs = [p.encode for p in parts], [p.decode for p in parts]

        def dec_tuple(v: Any) -> Any:
            if type(v) not in (list, tuple) or len(v) != n:
                raise Mismatch("tuple")
            return tuple([d(x) for d, x in zip(decs, v, strict=True)])

        def many_tuples(vs: list[Any]) -> list[Any]:
            """Tuples as msgpack gives them checked column by column; values left as they are
            when every part decodes to itself."""
            if not vs or set(map(type, vs)) != {tuple} or set(map(len, vs)) != {n}:
                return [dec_tuple(v) for v in vs]
            cols = [list(map(operator.itemgetter(i), vs)) for i in range(n)]
            outs = [p.decode_many(c) for p, c in zip(parts, cols, strict=True)]
            if all(o is c for o, c in zip(outs, cols, strict=True)):
                return vs
            return list(zip(*outs, strict=True))

        if all(e is _same for e in encs):  # msgpack writes a tuple of plain parts as it is
            return Codec(_same, dec_tuple, many_tuples)
        return Codec(lambda v: [e(x) for e, x in zip(encs, v, strict=True)], dec_tuple, many_tuples)
    if origin in (list, set, frozenset):
        item = codec(args[0])
        ie, imany = item.encode, item.decode_many
        make = origin

        def dec_seq(v: Any) -> Any:
            if type(v) not in (list, tuple):
                raise Mismatch("list")
            return make(imany(list(v)))

        return Codec(list if item.same else lambda v: [ie(x) for x in v], dec_seq)
    if origin is dict:
        k, val = codec(args[0]), codec(args[1])
        ke, kmany, ve, vmany = k.encode, k.decode_many, val.encode, val.decode_many
        plain = k.same and val.same

        def dec_map(v: Any) -> Any:
            if type(v) is not dict:
                raise Mismatch("dict")
            kl, vl = list(v), list(v.values())
            ks, vs = kmany(kl), vmany(vl)
            return v if ks is kl and vs is vl else dict(zip(ks, vs, strict=True))

        if plain or (ke is _same and ve is _same):
            return Codec(dict, dec_map)
        return Codec(lambda v: {ke(a): ve(b) for a, b in v.items()}, dec_map)
    raise TypeError(f"no cache codec for {tp!r}")


def _union(args: tuple[Any, ...]) -> Codec:
    import dataclasses

    optional = type(None) in args
    rest = [a for a in args if a is not type(None)]
    if len(rest) == 1:
        inner = codec(rest[0])
        ie, idec, imany = inner.encode, inner.decode, inner.decode_many
        if inner.same:

            def many(vs: list[Any]) -> list[Any]:
                imany([v for v in vs if v is not None])
                return vs

            return Codec(_same, lambda v: None if v is None else idec(v), many, same=True)
        return Codec(
            lambda v: None if v is None else ie(v),
            lambda v: None if v is None else idec(v),
        )
    if not all(isinstance(a, type) for a in rest):
        raise TypeError(f"no cache codec for a union of {args!r}")
    if all(dataclasses.is_dataclass(a) for a in rest):
        # several records: [index of the class, fields]
        members = [(a, codec(a)) for a in rest]

        def enc(v: Any) -> Any:
            if v is None:
                return None
            for i, (cls, c) in enumerate(members):
                if type(v) is cls:
                    return [i, c.encode(v)]
            raise TypeError(type(v).__name__)

        def dec(v: Any) -> Any:
            if v is None and optional:
                return None
            if type(v) not in (list, tuple) or len(v) != 2 or type(v[0]) is not int:
                raise Mismatch("union")
            return members[v[0]][1].decode(v[1])

        return Codec(enc, dec)
    # builtins that msgpack tells apart: str | int, and so on
    leaves = tuple(rest) + ((type(None),) if optional else ())
    return _leaf(*leaves)


def _dataclass(cls: Any) -> Codec:
    """A frozen dataclass as the array of its fields, rebuilt without running __init__ (a
    frozen class sets fields one by one through object.__setattr__, slow for 50,000 records)."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    parts = [codec(hints[n]) for n in names]
    encs = [p.encode for p in parts]
    decs = [p.decode for p in parts]

    # the fields msgpack cannot write as they are (enums, dates, records): converted one by one
    special = [(i, e) for i, e in enumerate(encs) if e is not _same]

    def enc(v: Any) -> Any:
        if type(v) is not cls:
            raise TypeError(type(v).__name__)
        out = list(map(v.__dict__.__getitem__, names))
        for i, e in special:
            out[i] = e(out[i])
        return out

    return Codec(enc, _dataclass_decoder(cls, names, [hints[n] for n in names], decs))


_LEAVES = {str: "str", int: "int", bool: "bool", float: "float", type(None): "NoneType"}


def _dataclass_decoder(
    cls: Any, names: list[str], types: list[Any], decs: list[Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """The decoder of a dataclass's array of fields, written out as one function: each plain
    field (text, number, flag, None, a tuple of texts, a date, an enum) is checked inline and
    only the others call their codec, since 50,000 records make millions of fields."""
    import enum
    import types as pytypes
    import typing
    from datetime import date

    ns: dict[str, Any] = {
        "M": Mismatch,
        "new": object.__new__,
        "cls": cls,
        "ordinal": date.fromordinal,
        "NoneType": type(None),
    }
    fields = ", ".join(f"f{i}" for i in range(len(names)))
    body = [
        "def dec(v):",
        f"    if type(v) is not tuple or len(v) != {len(names)}:",
        f"        raise M({cls.__name__!r})",
        f"    {fields}, = v",
    ]
    for i, tp in enumerate(types):
        f = f"f{i}"
        args = typing.get_args(tp)
        union = typing.get_origin(tp) in (typing.Union, pytypes.UnionType)
        leaves = set(args) if union else {tp}
        if all(t in _LEAVES for t in leaves):
            kinds = " and ".join(f"type({f}) is not {_LEAVES[t]}" for t in leaves)
            body += [f"    if {kinds}:", f"        raise M({names[i]!r})"]
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            ns[f"E{i}"] = {m.value: m for m in tp}
            body += [f"    {f} = E{i}[{f}]"]
        elif union and set(args) == {date, type(None)}:
            body += [
                f"    if {f} is not None:",
                f"        if type({f}) is not int:",
                f"            raise M({names[i]!r})",
                f"        {f} = ordinal({f})",
            ]
        elif typing.get_origin(tp) is tuple and args == (str, Ellipsis):
            body += [
                f"    if type({f}) is not tuple:",
                f"        raise M({names[i]!r})",
                f"    for x in {f}:",
                "        if type(x) is not str:",
                f"            raise M({names[i]!r})",
            ]
        elif typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
            # records held in a tuple (evidence, sections): usually none
            ns[f"d{i}"] = codec(args[0]).decode
            body += [
                f"    if type({f}) is not tuple:",
                f"        raise M({names[i]!r})",
                f"    {f} = tuple([d{i}(x) for x in {f}]) if {f} else ()",
            ]
        elif (
            union
            and len(args) == 2
            and type(None) in args
            and typing.get_args(inner := next(a for a in args if a is not type(None))) == (int, int)
            and typing.get_origin(inner) is tuple
        ):
            body += [  # a pair of numbers, or None (a commitment's lines)
                f"    if {f} is not None and (type({f}) is not tuple or len({f}) != 2"
                f" or type({f}[0]) is not int or type({f}[1]) is not int):",
                f"        raise M({names[i]!r})",
            ]
        else:
            ns[f"d{i}"] = decs[i]
            body += [f"    {f} = d{i}({f})"]
    body += [
        "    o = new(cls)",
        "    o.__dict__.update({" + ", ".join(f"{n!r}: f{i}" for i, n in enumerate(names)) + "})",
        "    return o",
    ]
    exec("\n".join(body), ns)  # noqa: S102 - our own source, made from the class's fields
    dec: Callable[[Any], Any] = ns["dec"]
    return dec


# Plain data (a YAML document's values): scalars as they are, every container tagged, so that
# lists, tuples, sets, maps and dates come back as what they were.
def _plain_encode(v: Any) -> Any:
    from datetime import date, datetime

    t = type(v)
    if v is None or t in (str, int, float, bool, bytes):
        return v
    if t is list:
        return ["l", [_plain_encode(x) for x in v]]
    if t is tuple:
        return ["t", [_plain_encode(x) for x in v]]
    if t in (set, frozenset):
        return ["s", [_plain_encode(x) for x in v]]
    if t is dict:
        return ["d", [[_plain_encode(a), _plain_encode(b)] for a, b in v.items()]]
    if t is datetime:
        return ["T", v.isoformat()]
    if t is date:
        return ["D", v.toordinal()]
    raise TypeError(f"{t.__name__} is not plain data")


_SCALARS = frozenset((str, int, float, bool, bytes, type(None)))
_PAIR_TYPES = frozenset((list, tuple))


def _plain_decode(v: Any) -> Any:
    from datetime import date, datetime

    t = type(v)
    if t in _SCALARS:
        return v
    if t not in (list, tuple) or len(v) != 2 or type(v[0]) is not str:
        raise Mismatch("plain data")
    tag, body = v
    if tag == "T" and type(body) is str:
        return datetime.fromisoformat(body)
    if tag == "D" and type(body) is int:
        return date.fromordinal(body)
    if type(body) not in (list, tuple):
        raise Mismatch("plain data")
    # a container of scalars (most are: a note's list of texts, an evidence entry's map) is
    # checked in bulk in C and made at once; one with containers inside is read item by item
    if tag == "l":
        if _SCALARS.issuperset(map(type, body)):
            return list(body)
        return [_plain_decode(x) for x in body]
    if tag == "t":
        if _SCALARS.issuperset(map(type, body)):
            return tuple(body)
        return tuple([_plain_decode(x) for x in body])
    if tag == "s":
        if _SCALARS.issuperset(map(type, body)):
            return set(body)
        return {_plain_decode(x) for x in body}
    if tag == "d":
        if (
            _PAIR_TYPES.issuperset(map(type, body))
            and set(map(len, body)) <= {2}
            and _SCALARS.issuperset(map(type, itertools.chain.from_iterable(body)))
        ):
            return dict(body)
        out = {}
        for pair in body:
            if type(pair) not in (list, tuple) or len(pair) != 2:
                raise Mismatch("plain data")
            out[_plain_decode(pair[0])] = _plain_decode(pair[1])
        return out
    raise Mismatch("plain data")


def _plain_many(vs: list[Any]) -> list[Any]:
    """_plain_decode of each value: a column of scalars (a history's old and new values are
    mostly texts) checked at once and given back as it is; the containers in it one by one."""
    types = list(map(type, vs))
    if _SCALARS.issuperset(types):
        return vs
    out = list(vs)
    for i, t in enumerate(types):
        if t not in _SCALARS:
            out[i] = _plain_decode(out[i])
    return out


PLAIN = Codec(_plain_encode, _plain_decode, _plain_many)


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_KEY_PARTS = frozenset((str, int, bool, float, bytes, type(None)))


def _shapes(values: Iterable[Any]) -> set[tuple[type, ...]]:
    """The distinct shapes of some containers: the types of each one's items, as a tuple."""
    return set(map(tuple, map(map, itertools.repeat(type), values)))


def are_keys(keys: list[Any], tuples: bool = False) -> bool:
    """True when every item is a content key (see _is_key), checked in bulk (`tuples`: every
    item is known to be a tuple)."""
    if not keys:
        return True
    if not tuples and set(map(type, keys)) != {tuple}:
        return False
    shapes = _shapes(keys)  # a few in all: ("git", blob id), or a stat key's numbers
    if all(len(s) >= 2 and s[0] is str and _KEY_PARTS.issuperset(s[1:]) for s in shapes):
        return True
    if any(len(s) < 2 or s[0] is not str for s in shapes):
        return False
    return all(map(_is_key, keys))  # nested tuples: one by one


def _is_key(k: Any) -> bool:
    """True for a content key: a tuple of two or more strings, numbers, booleans, None and such
    tuples, the first a string (its kind)."""
    if type(k) is not tuple or len(k) < 2 or type(k[0]) is not str:
        return False
    return _is_plain_key(k)


def _is_plain_key(k: tuple[Any, ...]) -> bool:
    for x in k:
        t = type(x)
        if t is tuple:
            if not _is_plain_key(x):
                return False
        elif x is not None and t not in (str, int, bool, float, bytes):
            return False
    return True
