"""casekit.antitrust.critical_loss and ssnip_profitable: the hypothetical-monopolist test's arithmetic."""

import pytest

from casekit.topics.antitrust import reasoning as a


def test_critical_loss_is_the_price_rise_over_rise_plus_margin():
    assert a.critical_loss(0.05, 0.45) == pytest.approx(0.1)
    assert a.critical_loss(0.10, 0.40) == pytest.approx(0.2)
    assert a.critical_loss(1, 1) == 0.5


def test_higher_margins_make_a_price_rise_harder_to_sustain():
    losses = [a.critical_loss(0.05, m) for m in (0.2, 0.4, 0.6, 0.8)]
    assert losses == sorted(losses, reverse=True)


def test_a_rise_pays_only_while_the_predicted_loss_is_below_the_critical_loss():
    assert a.ssnip_profitable(0.05, 0.45, 0.08) is True
    assert a.ssnip_profitable(0.05, 0.45, 0.12) is False
    assert a.ssnip_profitable(0.05, 0.45, 0.05 / 0.5) is False  # break-even does not pay
    assert a.ssnip_profitable(0.05, 0.45, 0) is True


@pytest.mark.parametrize(
    "rise, margin",
    [(0, 0.4), (0.05, 0), (1.5, 0.4), (0.05, -0.1), (5, 40), ("5%", 0.4), (True, 0.4), (float("nan"), 0.4)],
)
def test_values_outside_zero_to_one_raise(rise, margin):
    with pytest.raises(a.AntitrustError, match="fraction|number"):
        a.critical_loss(rise, margin)


@pytest.mark.parametrize("loss", [-0.1, 1.2, "10%", None, float("nan")])
def test_a_bad_predicted_loss_raises(loss):
    with pytest.raises(a.AntitrustError, match="predicted loss"):
        a.ssnip_profitable(0.05, 0.4, loss)


def test_the_old_import_path_still_reaches_them():
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        old = importlib.import_module("casekit.antitrust")
    assert old.critical_loss is a.critical_loss and old.ssnip_profitable is a.ssnip_profitable
