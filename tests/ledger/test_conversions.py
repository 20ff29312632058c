"""Conversions: recipes (direct or from a scenario) as linked batches; every commodity balances on its own."""

from __future__ import annotations

from fractions import Fraction

from wattsandtons.ledger import Ledger
from wattsandtons.scenario import load_scenario

from .helpers import DAY, check, refused

H = 3600


def powered(world: Ledger) -> Ledger:
    world.record_reading("farm1", DAY + 10 * H, DAY + 11 * H, "20 MWh")
    world.transfer("t1", "solarco/electricity", "dc/electricity", "10 MWh")
    return world


def test_electricity_to_compute_books_waste_heat(world: Ledger) -> None:
    powered(world)
    result = world.convert("c1", "datacentre", "5.9 MWh", commodity="electricity", owner="dc")
    assert result.status == "created" and len(result.seqs) == 2
    assert world.account("dc/electricity").balance == 4_100_000
    # 5.9 MWh / 0.59 kWh per EFLOP = 10,000 EFLOP = 1e10 TFLOP
    assert world.account("dc/compute").balance == 10_000_000_000
    # compute carries no energy: all the electricity leaves as waste heat, to the recipe's loss account
    assert world.account("recipe:datacentre:loss:electricity").balance == 5_900_000
    assert world.account("recipe:datacentre:out:compute").balance == -10_000_000_000
    compute_lot = world.lot(world.lots_held("dc/compute")[0][0])
    assert (compute_lot.origin, compute_lot.recipe, compute_lot.conversion) == (
        "conversion",
        "datacentre",
        "c1",
    )
    report = world.verify()
    electricity = next(c for c in report.commodities if c.commodity == "electricity")
    assert (electricity.issued, electricity.held, electricity.lost) == (20_000_000, 14_100_000, 5_900_000)
    check(world)


def test_rounding_favours_conservation(world: Ledger) -> None:
    powered(world)
    # 1 TFLOP needs 0.59e-6 kWh = 0.00059 Wh: rounded up to 1 Wh
    world.convert("c1", "datacentre", 1, owner="dc")
    assert world.account("dc/electricity").balance == 10_000_000 - 1
    # 1 Wh makes 1e6 / 590 = 1694.9 TFLOP: rounded down to 1694
    world.convert("c2", "datacentre", 1, commodity="electricity", owner="dc")
    assert world.account("dc/compute").balance == 1 + 1694
    check(world)


def test_conversion_is_all_or_nothing_and_idempotent(world: Ledger) -> None:
    powered(world)
    head = world.head()
    refused(
        "exceeds_balance", world.convert, "c1", "datacentre", "11 MWh", commodity="electricity", owner="dc"
    )
    assert world.head() == head
    first = world.convert("c1", "datacentre", "1 MWh", commodity="electricity", owner="dc")
    again = world.convert("c1", "datacentre", "1 MWh", commodity="electricity", owner="dc")
    assert again.status == "exists" and again.seqs[:1] == first.seqs[:1]
    refused(
        "exists_with_different_fields",
        world.convert,
        "c1",
        "datacentre",
        "2 MWh",
        commodity="electricity",
        owner="dc",
    )
    check(world)


def test_conversion_account_rules(world: Ledger) -> None:
    powered(world)
    refused("mixed_owners", world.convert, "c1", "datacentre", "1 MWh", commodity="electricity",
            accounts={"electricity": "solarco/electricity", "compute": "dc/compute"})  # fmt: skip
    refused("missing_account", world.convert, "c1", "datacentre", "1 MWh", commodity="electricity")
    refused("invalid_account", world.convert, "c1", "datacentre", "1 MWh", commodity="electricity",
            accounts={"electricity": "dc/chips", "compute": "dc/compute"})  # fmt: skip
    refused("invalid_commodity", world.convert, "c1", "datacentre", "1 t", commodity="chip", owner="dc")
    refused("recipe_not_found", world.convert, "c1", "nope", "1 MWh", owner="dc")


def test_recipe_conservation_and_losses(world: Ledger) -> None:
    world.create_commodity("hydrogen", "Wh")
    world.create_commodity("silicon", "g")
    refused(
        "creates_energy", world.register_recipe, "magic", {"electricity": "1 MWh"}, {"hydrogen": "1.1 MWh"}
    )
    refused("creates_energy", world.register_recipe, "lossy", {"electricity": "1 MWh"}, {"hydrogen": "0.8 MWh"},
            efficiency=0.7)  # fmt: skip
    refused("creates_mass", world.register_recipe, "fab", {"silicon": "1 kg"}, {"chip": 1})  # a chip is 20 kg
    electrolyser = world.register_recipe("electrolyser", {"electricity": "1 MWh"}, {"hydrogen": "0.7 MWh"})
    assert electrolyser.loss == {"electricity": Fraction(3, 10)}
    fab = world.register_recipe("fab", {"silicon": "21 kg", "electricity": "0.1 MWh"}, {"chip": 1})
    assert fab.loss == {"silicon": Fraction(1, 21), "electricity": Fraction(1)}
    refused("invalid_recipe", world.register_recipe, "x", {"electricity": "1 MWh"}, {"electricity": "1 MWh"})
    refused("invalid_fraction", world.register_recipe, "y", {"electricity": "1 MWh"}, {"hydrogen": "0.1 MWh"},
            loss={"electricity": 1.5})  # fmt: skip


def test_energy_to_energy_keeps_each_commodity_balanced(world: Ledger) -> None:
    powered(world)
    world.create_commodity("hydrogen", "Wh")
    world.create_account("dc/hydrogen", "dc", "hydrogen")
    world.register_recipe("electrolyser", {"electricity": "1 MWh"}, {"hydrogen": "0.7 MWh"})
    world.convert("h1", "electrolyser", "2 MWh", commodity="electricity", owner="dc")
    assert world.account("dc/hydrogen").balance == 1_400_000
    assert world.account("recipe:electrolyser:in:electricity").balance == 1_400_000  # carried into hydrogen
    assert world.account("recipe:electrolyser:loss:electricity").balance == 600_000  # heat
    report = world.verify()
    electricity = next(c for c in report.commodities if c.commodity == "electricity")
    assert electricity.issued == electricity.held + electricity.converted + electricity.lost
    check(world)


def test_recipe_from_the_bundled_scenario(ledger: Ledger) -> None:
    scenario = load_scenario("closed_loop_earth")
    made = ledger.commodities_from_scenario(scenario)
    assert {c.name: c.unit for c in made}["ai_compute"] == "TFLOP"
    assert {c.name: c.unit for c in made}["chip"] == "piece"
    recipe = ledger.register_recipe_from_scenario(scenario, "datacentre")
    # 0.59 kWh per EFLOP = 590 Wh per 1e6 TFLOP
    assert recipe.inputs["electricity"] / recipe.outputs["ai_compute"] == Fraction(590, 10**6)
    assert recipe.loss == {"electricity": Fraction(1)}
    chip_fab = ledger.register_recipe_from_scenario(scenario, "chip_fab")
    assert set(chip_fab.inputs) == {
        "silicon",
        "bulk_materials",
        "specialty_materials",
        "electricity",
        "ai_compute",
    }
    refused("process_not_found", ledger.register_recipe_from_scenario, scenario, "nope")
    check(ledger)
