"""Every page of the plugin renders for a county's staff on its demo register, and the dashboard shows its figures."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import Region
from core.tenancy import unscoped

VIEWS = (
    "contracts_contracts", "contracts_opinions", "contracts_consultations", "contracts_checks",
    "contracts_check_items", "contracts_borrowings", "contracts_register", "contracts_opinion_register",
)  # fmt: skip


def test_every_page_renders_on_the_county_demo(app, login_as):
    from plugins.contracts.demo import load_demo_data
    from plugins.contracts.models import Contract, SupervisionCheck

    with app.app_context(), unscoped():
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        load_demo_data(dongbao, 1)
        db.session.commit()
        contracts = db.session.execute(select(Contract.id, Contract.state)).all()
        checks = db.session.execute(select(SupervisionCheck.id)).scalars().all()
    client = login_as("dongbao_staff")
    for endpoint in VIEWS:
        response = client.get(f"/admin/{endpoint}/")
        assert response.status_code == 200, endpoint
    seen_states = set()
    for contract_id, state in contracts:
        page = client.get(f"/admin/contracts_contracts/details/?id={contract_id}")
        assert page.status_code == 200, (contract_id, state)
        html = page.get_data(as_text=True)
        assert "办理过程" in html and "合同相对方" in html
        seen_states.add(state)
    assert len(seen_states) >= 6
    for check_id in checks:
        assert client.get(f"/admin/contracts_checks/details/?id={check_id}").status_code == 200
    home = client.get("/admin/").get_data(as_text=True)
    assert "审查合同数" in home and "按期备案率" in home
    # A viewer reads but is offered no act.
    leader = login_as("leader").get(f"/admin/contracts_contracts/details/?id={contracts[0][0]}").get_data(as_text=True)
    assert 'id="contract-acts"' not in leader
