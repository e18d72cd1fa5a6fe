"""The ``ctranslate2`` engine on converted model folders built in each family's real layout:
detection, install checks, each family's special tokens, preference among engines, devices,
and the whole pipeline."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import ConfigError, ModelError
from publisher.translate import devices
from publisher.translate.ct2_families import families
from publisher.translate.ct2_models import MANIFEST, inspect_folder, install_from_dir
from publisher.translate.ctranslate2_engine import CTranslate2Translator, trial
from publisher.translate.devices import Device, resolve_device
from publisher.translate.router import TranslationRouter
from tests.doubles import RecordingTranslator
from tests.test_pipeline import write_inputs
from tests.tinyct2 import write_ct2_folder

CPU = Device("cpu", devices.resolve_compute_type("int8"))
SENTENCES = [
    "The port authority approved a new ferry schedule on Monday.",
    "Officials counted 12 passengers.",
]


def invoke(instance: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("converted")
    return {
        "nllb": write_ct2_folder(base / "nllb-200-distilled-600M", "nllb", seed=1),
        "m2m100": write_ct2_folder(base / "m2m100_418M", "m2m100", seed=2),
        "madlad400": write_ct2_folder(base / "madlad400-3b-mt", "madlad400", seed=3),
        "marian": write_ct2_folder(base / "opus-mt-en-es", "marian", seed=4),
        "marian-mul": write_ct2_folder(
            base / "opus-mt-en-mul", "marian", seed=5, language_tokens=[">>kor<<", ">>spa<<"]
        ),
    }


def test_every_shipped_family_file_reads() -> None:
    assert set(families()) == {"nllb", "m2m100", "madlad400", "marian"}
    nllb = families()["nllb"]
    assert nllb.token("ko") == "kor_Hang" and nllb.token("zh-Hant") == "zho_Hant"
    assert "non-commercial" in nllb.license


@pytest.mark.parametrize(
    ("key", "family", "languages"),
    [
        ("nllb", "nllb", ("en", "es", "ja", "ko", "zh-Hant")),
        ("m2m100", "m2m100", ("en", "es", "ja", "ko")),
        ("madlad400", "madlad400", ("en", "es", "ko")),
    ],
)
def test_a_multilingual_folder_is_recognized_with_its_languages(
    folders: dict[str, Path], key: str, family: str, languages: tuple[str, ...]
) -> None:
    model = inspect_folder(folders[key])
    assert model.family.name == family
    assert model.languages == languages
    assert ("en", "ko") in model.pairs and ("ko", "en") in model.pairs


def test_a_marian_folder_needs_its_pair(folders: dict[str, Path]) -> None:
    with pytest.raises(ConfigError, match="serve one pair: give --from and --to"):
        inspect_folder(folders["marian"])
    assert inspect_folder(folders["marian"], pair=("en", "es")).pairs == {("en", "es")}
    with pytest.raises(ConfigError, match="every language it has"):
        inspect_folder(folders["nllb"], pair=("en", "ko"))


class _Recorder:
    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[dict[str, Any]] = []

    def translate_batch(self, tokens: list[list[str]], **options: Any) -> Any:
        self.calls.append({"tokens": tokens, **options})
        return self.real.translate_batch(tokens, **options)


def _engine(
    tmp_path: Path, folder: Path, **install: Any
) -> tuple[CTranslate2Translator, _Recorder]:
    models_dir = tmp_path / "models"
    model = install_from_dir(models_dir, folder, **install)
    engine = CTranslate2Translator(models_dir, device=CPU, retry_failures=False)
    loaded = engine._load(model)
    recorder = _Recorder(loaded.translator)
    engine._loaded[model.name] = dataclasses.replace(loaded, translator=recorder)  # type: ignore[arg-type]
    return engine, recorder


@pytest.mark.parametrize(
    ("key", "install", "target", "first", "last", "prefix"),
    [
        ("nllb", {}, "ko", "eng_Latn", "</s>", ["kor_Hang"]),
        ("m2m100", {}, "ko", "__en__", "</s>", ["__ko__"]),
        ("madlad400", {}, "ko", "<2ko>", "</s>", None),
        ("marian", {"pair": ("en", "es")}, "es", None, "</s>", None),
        ("marian-mul", {"pair": ("en", "ko")}, "ko", ">>kor<<", "</s>", None),
    ],
)
def test_each_family_wraps_the_source_as_its_models_expect(
    tmp_path: Path,
    folders: dict[str, Path],
    key: str,
    install: dict[str, Any],
    target: str,
    first: str | None,
    last: str,
    prefix: list[str] | None,
) -> None:
    engine, recorder = _engine(tmp_path, folders[key], **install)
    outputs = engine.translate_detailed(SENTENCES, "en", target)
    call = recorder.calls[0]
    for tokens in call["tokens"]:
        assert tokens[-1] == last
        if first is not None:
            assert tokens[0] == first and tokens.count(first) == 1
        else:
            assert tokens[0].startswith("\u2581")  # a piece of the sentence itself
    assert call["target_prefix"] == ([prefix] * len(SENTENCES) if prefix else None)
    assert call["beam_size"] == 4 and call["return_scores"]
    for output in outputs:
        assert output.text and "\u2581" not in output.text
        assert prefix is None or prefix[0] not in output.text  # the forced token is dropped
        assert isinstance(output.score, float)
    assert engine.model_version("en", target).startswith(folders[key].name.replace("_", "_"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "model.bin").unlink(), "no model.bin"),
        (lambda f: (f / "sentencepiece.bpe.model").unlink(), "no tokenizer for NLLB-200"),
        (lambda f: (f / "shared_vocabulary.json").write_text("{}"), "a vocabulary is a JSON list"),
        (lambda f: (f / "config.json").write_text("[1, 2"), "not JSON"),
        (lambda f: (f / "model.bin").write_bytes(b"not a model"), "cannot load"),
        (lambda f: (f / "sentencepiece.bpe.model").write_bytes(b"junk"), "cannot load"),
    ],
)
def test_a_broken_folder_is_refused_and_nothing_is_installed(
    tmp_path: Path, folders: dict[str, Path], damage: Any, message: str
) -> None:
    import shutil

    broken = tmp_path / "broken-nllb"
    shutil.copytree(folders["nllb"], broken)
    damage(broken)
    instance = tmp_path / "inst"
    code, output = invoke(instance, "models", "install", "--dir", str(broken))
    assert code == 1 and message in output and "Traceback" not in output
    models_dir = instance / "ct2-models"
    assert not models_dir.exists() or not any(models_dir.iterdir())


def test_an_unrecognized_folder_asks_for_its_family(tmp_path: Path) -> None:
    folder = write_ct2_folder(tmp_path / "mystery", "nllb", language_tokens=["xx_Tokens"])
    with pytest.raises(ConfigError, match="give --family"):
        inspect_folder(folder)
    with pytest.raises(ModelError, match=r"no NLLB-200 \(Meta\) language tokens"):
        inspect_folder(folder, family="nllb")
    with pytest.raises(ConfigError, match="no model family 'bert'"):
        inspect_folder(folder, family="bert")


def test_reinstalling_replaces_and_remove_removes(tmp_path: Path, folders: dict[str, Path]) -> None:
    instance = tmp_path / "inst"
    for _ in range(2):
        code, output = invoke(
            instance, "models", "install", "--dir", str(folders["m2m100"]), "--name", "m2m"
        )
        assert code == 0, output
    assert [p.name for p in (instance / "ct2-models").iterdir()] == ["m2m"]
    assert (
        json.loads((instance / "ct2-models" / "m2m" / MANIFEST).read_text())["family"] == "m2m100"
    )
    code, output = invoke(instance, "models", "remove", "--model", "m2m")
    assert code == 0 and "removed m2m" in output
    code, output = invoke(instance, "models", "remove", "--model", "m2m")
    assert code == 1 and "no CTranslate2 model named 'm2m'" in output


def test_models_list_explains_every_pair(tmp_path: Path, folders: dict[str, Path]) -> None:
    instance = tmp_path / "inst"
    assert invoke(instance, "models", "install", "--dir", str(folders["nllb"]))[0] == 0
    result = CliRunner().invoke(
        cli,
        ["--instance", str(instance), "models", "list", "--json"],
        env={"PUBLISHER_LANGUAGES": "ko,fr"},
    )
    data = json.loads(result.output)
    [model] = data["ct2_models"]
    assert model["family"] == "nllb" and model["engine"] == "ctranslate2"
    assert model["license"].startswith("CC-BY-NC") and model["size"] > 0
    assert data["pairs"]["en→ko"]["engine"] == "ctranslate2"
    assert data["pairs"]["en→fr"]["engine"] is None and "en→fr" in data["pairs"]["en→fr"]["missing"]
    assert data["engine_order"][0] == "ctranslate2"


def test_preference_between_engines(tmp_path: Path, folders: dict[str, Path]) -> None:
    models_dir = tmp_path / "models"
    install_from_dir(models_dir, folders["nllb"])
    engines = {
        "ctranslate2": CTranslate2Translator(models_dir, device=CPU),
        "argos": RecordingTranslator("argos", pairs={("en", "ko")}),
    }
    assert TranslationRouter(engines).route("en", "ko").engine_label == "ctranslate2"
    order = ["argos", "ctranslate2"]
    assert TranslationRouter(engines, order=order).route("en", "ko").engine_label == "argos"
    overrides = {("en", "ko"): "argos"}
    assert TranslationRouter(engines, overrides=overrides).route("en", "ko").engine_label == "argos"


def test_a_model_for_one_pair_wins_over_a_many_language_one(
    tmp_path: Path, folders: dict[str, Path]
) -> None:
    models_dir = tmp_path / "models"
    install_from_dir(models_dir, folders["m2m100"])
    install_from_dir(models_dir, folders["marian"], pair=("en", "es"))
    engine = CTranslate2Translator(models_dir, device=CPU)
    assert engine.model_for("en", "es").family.name == "marian"
    assert engine.model_for("en", "ko").family.name == "m2m100"


def test_the_model_cache_is_bounded(tmp_path: Path, folders: dict[str, Path]) -> None:
    models_dir = tmp_path / "models"
    install_from_dir(models_dir, folders["m2m100"])
    install_from_dir(models_dir, folders["madlad400"])
    engine = CTranslate2Translator(models_dir, device=CPU, cache_size=1)
    engine.translate(["Hello there."], "en", "ja")  # only m2m100 has Japanese
    engine.translate(["Hello there."], "en", "es")  # madlad400 was installed later
    assert list(engine._loaded) == ["madlad400-3b-mt"]


def test_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "cuda_devices", lambda: 0)
    assert resolve_device("auto").name == "cpu" and resolve_device("cpu").name == "cpu"
    with pytest.raises(ConfigError, match="sees no CUDA device"):
        resolve_device("cuda")
    monkeypatch.setattr(devices, "cuda_devices", lambda: 1)
    assert resolve_device("auto") == Device("cuda", "int8_float16")
    assert resolve_device("cpu").name == "cpu"  # asked for the CPU: nothing changes


def test_device_setting_is_checked(tmp_path: Path) -> None:
    code, output = invoke(tmp_path, "models", "list")
    assert code == 0
    result = CliRunner().invoke(
        cli, ["--instance", str(tmp_path), "models", "list"], env={"PUBLISHER_DEVICE": "tpu"}
    )
    assert result.exit_code == 1 and "device" in result.output


def test_trial_translates_a_word(folders: dict[str, Path]) -> None:
    trial(inspect_folder(folders["madlad400"]), CPU)


def test_the_pipeline_translates_with_an_installed_folder(
    tmp_path: Path, folders: dict[str, Path]
) -> None:
    instance = tmp_path / "inst"
    assert invoke(instance, "models", "install", "--dir", str(folders["nllb"]))[0] == 0
    code, output = invoke(instance, "ingest", str(write_inputs(tmp_path / "in")))
    assert code == 0, output
    code, output = invoke(instance, "translate", "--to", "ko")
    assert code == 0, output
    code, output = invoke(instance, "list", "--json")
    ids = [item["id"] for item in json.loads(output)]
    assert ids
    for dispatch_id in ids:
        code, output = invoke(instance, "show", str(dispatch_id), "--json")
        korean = json.loads(output)["translations"]["ko"]
        assert korean["status"] == "done" and korean["engine"] == "ctranslate2"
        assert korean["model_version"].startswith("nllb-200-distilled-600M (nllb) ")
        assert all(korean["sentences"]) and korean["headline"]
