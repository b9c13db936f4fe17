"""Settings, read once from the environment or `.env` (CONTRACTS.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gpt-4.1-mini"


class ProviderName(StrEnum):
    AUTO = "auto"
    OFFLINE = "offline"
    OPENAI = "openai"


class Settings(BaseSettings):
    """Every knob of the app. The API key is a SecretStr so it never prints."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", env_file=".env", extra="ignore")

    provider: ProviderName = ProviderName.AUTO
    model: str = DEFAULT_MODEL
    home: Path = Field(default_factory=lambda: Path(user_data_dir("interviewer", appauthor=False)))
    database_url: str | None = None
    chroma_url: str | None = None
    openai_api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=AliasChoices("OPENAI_BASE_URL"))
    request_timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    # Simulated minutes per candidate turn for sessions started in the app (demos, browser
    # tests); unset means the real clock.
    minutes_per_turn: float | None = Field(default=None, ge=0)

    @field_validator("provider", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("chroma_url", "database_url", "openai_base_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def resolved_provider(self) -> ProviderName:
        """`auto` means openai when a key or a base URL is set, else offline."""
        if self.provider is not ProviderName.AUTO:
            return self.provider
        if self.openai_api_key is not None or self.openai_base_url:
            return ProviderName.OPENAI
        return ProviderName.OFFLINE

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'interviewer.db'}"
