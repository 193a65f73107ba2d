"""Isochrones, coverage and siting on a square lattice with hand-computed answers (metres)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from app.geo.circles import FRONTAGE_M, buffer_circle, isochrone, walk_metres
from app.geo.coverage import point_reach, population_sample, suggest_sites
from app.geo.walknet import WalkNetwork

SPEED = 4.5  # km/h: 75 m a minute, so 2 minutes is 150 m


def lattice(n: int = 5, step: float = 100.0) -> WalkNetwork:
    """n × n nodes `step` metres apart; node id = 10·i + j at (i·step, j·step)."""
    frm, to, lines = [], [], []
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                frm.append(10 * i + j), to.append(10 * (i + 1) + j)
                lines.append(LineString([(i * step, j * step), ((i + 1) * step, j * step)]))
            if j + 1 < n:
                frm.append(10 * i + j), to.append(10 * i + j + 1)
                lines.append(LineString([(i * step, j * step), (i * step, (j + 1) * step)]))
    return WalkNetwork.from_lines(32651, frm, to, lines)


def test_walk_metres():
    assert walk_metres(15, 4.5) == pytest.approx(1125.0)
    assert walk_metres(2, SPEED) == pytest.approx(150.0)


def test_reached_length_from_a_node():
    # From the centre: its 4 edges whole (400 m), then 50 m into each of the 12 edges beyond (600 m).
    iso = isochrone(lattice(), 200.0, 200.0, 2, SPEED)
    assert iso.method == "network"
    assert iso.reached_length_m == pytest.approx(1000.0)


def test_reached_length_from_mid_edge_and_off_the_network():
    net = lattice()
    # Mid-edge: the own edge whole (100 m), then 100 m on each of the 6 edges at its two ends.
    assert isochrone(net, 250.0, 200.0, 2, SPEED).reached_length_m == pytest.approx(700.0)
    # 30 m off the edge: that walk counts (30 m), leaving 120: own edge whole, 70 m on each of 6 edges.
    assert isochrone(net, 250.0, 230.0, 2, SPEED).reached_length_m == pytest.approx(30 + 100 + 6 * 70)


def test_isochrone_shape_known_points():
    iso = isochrone(lattice(), 200.0, 200.0, 2, SPEED).geom
    inside = [(340, 200), (300, 250), (240, 240), (200, 340)]
    outside = [(400, 200), (200, 360), (330, 330), (0, 0)]
    assert all(iso.contains(Point(p)) for p in inside)
    assert not any(iso.contains(Point(p)) for p in outside)


def test_network_isochrone_lies_inside_the_buffer_circle():
    net = lattice(9, 100.0)
    for x, y, minutes in [(400, 400, 5), (420, 380, 3), (0, 0, 10)]:
        iso = isochrone(net, x, y, minutes, SPEED)
        circle = buffer_circle(x, y, minutes, SPEED)
        assert iso.method == "network"
        assert iso.geom.difference(circle).area < 1e-6 * circle.area
        assert iso.geom.area < circle.area


def test_far_station_and_no_network_fall_back_to_buffer():
    far = isochrone(lattice(), 900.0, 200.0, 15, SPEED)
    assert far.method == "buffer" and "500" in far.reason and "300" in far.reason
    assert far.geom.area == pytest.approx(np.pi * 1125.0**2, rel=0.01)
    none = isochrone(None, 0.0, 0.0, 5, SPEED)
    assert none.method == "buffer" and "no walking network" in none.reason
    near = isochrone(lattice(), 200.0, 480.0, 15, SPEED)  # 80 m off the top edge: still the network
    assert near.method == "network"


def test_population_sample_keeps_every_resident():
    polys = [box(0, 0, 200, 400), box(200, 0, 400, 400), box(400, 0, 410, 10)]
    sample = population_sample(polys, np.array([1000, 600, 7]))
    assert np.bincount(sample.grid, weights=sample.weight).round(6).tolist() == [1000.0, 600.0, 7.0]
    assert (np.bincount(sample.grid) == [50, 50, 1]).all()  # 40 m lattice; the tiny one gets one point


def test_point_reach_walks_the_network():
    net = lattice()
    sample = population_sample([box(0, 0, 400, 400)], np.array([100]))
    snap = net.snap(sample.x, sample.y)
    metres = point_reach(net, 0.0, 0.0, sample, snap)
    # (20, 20) is 20 m off the x = 0 street: 20 m along it, then 20 m across.
    k = int(np.flatnonzero((sample.x == 20) & (sample.y == 20))[0])
    assert metres[k] == pytest.approx(40.0)
    # (380, 380): 400 up the x = 0 street, 380 along y = 400, then 20 m across.
    k = int(np.flatnonzero((sample.x == 380) & (sample.y == 380))[0])
    assert metres[k] == pytest.approx(800.0)


def test_suggested_site_adds_what_it_claims():
    net = lattice(9, 100.0)
    sample = population_sample([box(0, 0, 800, 800)], np.array([6400]))
    snap = net.snap(sample.x, sample.y)
    budget = walk_metres(5, SPEED)  # 375 m
    covered = point_reach(net, 0.0, 0.0, sample, snap) <= budget
    sites = suggest_sites(net, sample, snap, covered, budget, k=2)
    assert len(sites) == 2 and sites[0].added_population >= sites[1].added_population > 0
    new = point_reach(net, sites[0].x, sites[0].y, sample, snap) <= budget
    assert sample.weight[new & ~covered].sum() == pytest.approx(sites[0].added_population)
    # The first pick sits far from the corner station, where nobody is covered yet.
    assert sites[0].x + sites[0].y > budget
    # The frontage buffer documented in the module is the one used.
    assert FRONTAGE_M == 50.0
    assert shapely.get_num_geometries(isochrone(net, 400.0, 400.0, 5, SPEED).geom) >= 1
