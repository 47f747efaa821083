"""factory_boy factories with Finnish fake data. Henkilötunnus individual numbers stay in 900-999."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role, Team, User
from polku.clients.hetu import make_hetu
from polku.clients.models import Client, ClientRelationship
from polku.decisions.services import decision_draft, decision_make
from polku.provision.models import ServiceEpisode, ServiceOffering
from polku.structural.models import CoDeveloper
from polku.structural.services.codev import codeveloper_add

PASSWORD = "correct horse battery staple"


@functools.cache
def password_hash() -> str:
    """Argon2 is slow on purpose; hash the shared test password once per run."""
    return make_password(PASSWORD)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Hyvinvointialue {n}")
    kind = OrganisationKind.WELLBEING_COUNTY


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Kunta {n}")
    kind = OrganisationKind.MUNICIPALITY


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Tiimi {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    role = Role.SOCIAL_WORKER
    qualification = Qualification.SOCIAL_WORKER_PUBLIC_OFFICE
    password = factory.LazyFunction(password_hash)

    @factory.post_generation
    def teams(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.teams.set(extracted)


def _hetu(n: int) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=n // 100)
    return make_hetu(born, 900 + n % 100)


class ClientFactory(DjangoModelFactory[Client]):
    class Meta:
        model = Client

    hetu = factory.Sequence(_hetu)
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    phone = factory.Faker("phone_number", locale="fi_FI")
    email = factory.Sequence(lambda n: f"asiakas{n}@example.fi")
    street_address = factory.Faker("street_address", locale="fi_FI")
    postal_code = "96100"
    post_office = "Koivula"

    @classmethod
    def _create(cls, model_class: type[Client], *args: Any, **kwargs: Any) -> Client:
        hetu = kwargs.pop("hetu")
        client = model_class(**kwargs)
        client.set_hetu(hetu)
        client.save()
        return client


class RelationshipFactory(DjangoModelFactory[ClientRelationship]):
    class Meta:
        model = ClientRelationship

    client = factory.SubFactory(ClientFactory)
    team = factory.SubFactory(TeamFactory)


def catalogued_provider(name: str, *kinds: str) -> Organisation:
    """A provider in the service catalogue (serving every municipality) with the services `kinds`
    (social rehabilitation when none are named): the only providers a client is referred to."""
    provider = Organisation.objects.create(name=name, kind=OrganisationKind.PROVIDER)
    for kind in kinds or ("social_rehabilitation",):
        ServiceOffering.objects.create(provider=provider, kind=kind, name=f"{name}: {kind}")
    return provider


def provider_of(provider_worker: User, *, name: str = "Kuntoutuspaja Verso Oy") -> Organisation:
    """A provider offering social rehabilitation, with `provider_worker` on its staff."""
    provider = Organisation.objects.create(name=name, kind=OrganisationKind.PROVIDER)
    ServiceOffering.objects.create(
        provider=provider, kind="social_rehabilitation", name="Sosiaalinen kuntoutus"
    )
    provider_worker.organisation = provider
    provider_worker.save()
    return provider


def referred_by_decision(*, worker: User, client: Client, provider: Organisation) -> ServiceEpisode:
    """The client's social rehabilitation at `provider`, started by a decision `worker` makes today."""
    decision = decision_draft(
        actor=worker,
        client=client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=provider,
        start_date=timezone.localdate(),
    )
    decision_make(actor=worker, decision=decision, expected_version=decision.version)
    return ServiceEpisode.objects.get(decision_id=decision.pk)


def codeveloper(*, actor: User, name: str, consent_on: dt.date, **changes: Any) -> CoDeveloper:
    """A person on the co-development roster, added by `actor`: a developer-client who consented on
    `consent_on` to developing services, with no fee or reward unless `changes` give one (or another role)."""
    arguments: dict[str, Any] = {
        "actor": actor,
        "name": name,
        "role": "developer_client",
        "consent_on": consent_on,
        "consent_scope": "Palvelujen kehittäminen",
    }
    return codeveloper_add(**(arguments | changes))
