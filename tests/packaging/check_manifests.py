#!/usr/bin/python3
"""Structural checks of the package manifests in lib/ (run with Debian's /usr/bin/python3,
which has python3-yaml and python3-kconfiglib):

  - one version everywhere: the CMake project version, config.hpp's LANGEVIN_VERSION_*,
    lib/library.json (PlatformIO) and lib/idf_component.yml (ESP-IDF);
  - library.json: headers from the include directory, nothing compiled (libArchive false,
    every source filtered out), no 8-bit AVR platform, the examples listed and present;
  - idf_component.yml and zephyr/module.yml parse as YAML and the paths they name exist;
  - zephyr/Kconfig, loaded by kconfiglib (the library Zephyr's own Kconfig tooling is
    built on) under a stand-in for Zephyr's C++ options (CPP and the STD_CPP* choice):
    CONFIG_LANGEVIN can be enabled exactly when C++ is on with C++17 or later, and it
    selects the full C++ standard library.

Usage: check_manifests.py <source dir>            exit 0 if every check passes
       check_manifests.py <source dir> --self-test  breaks each property in a scratch copy
                                                    and exits 0 only if every break is caught
"""
import json
import os
import re
import shutil
import sys
import tempfile

import kconfiglib
import yaml

AVR_8BIT = {"atmelavr", "atmelmegaavr"}
# Zephyr's C++ standards (lib/cpp/Kconfig), oldest first, and which ones langevin accepts.
CPP_STANDARDS = ["STD_CPP98", "STD_CPP11", "STD_CPP14", "STD_CPP17", "STD_CPP2A", "STD_CPP20", "STD_CPP2B"]
CPP17_OR_LATER = set(CPP_STANDARDS[3:])


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def cmake_version(root):
    m = re.search(r"project\(\s*langevin\s+VERSION\s+(\d+(?:\.\d+)*)\b", read(root, "CMakeLists.txt"))
    return m.group(1) if m else None


def check_versions(root, errors):
    version = cmake_version(root)
    if not version:
        errors.append("CMakeLists.txt: no project(langevin VERSION x.y.z)")
        return
    config = read(root, "lib/include/langevin/config.hpp")
    parts = []
    for name in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"#define LANGEVIN_VERSION_%s (\d+)" % name, config)
        parts.append(m.group(1) if m else "?")
    if ".".join(parts) != version:
        errors.append("config.hpp: LANGEVIN_VERSION_* = %s, CMake project version %s" % (".".join(parts), version))
    pio = json.loads(read(root, "lib/library.json"))
    if pio.get("version") != version:
        errors.append("library.json: version %r, CMake project version %s" % (pio.get("version"), version))
    idf = yaml.safe_load(read(root, "lib/idf_component.yml"))
    if str(idf.get("version")) != version:
        errors.append("idf_component.yml: version %r, CMake project version %s" % (idf.get("version"), version))


def check_platformio(root, errors):
    pio = json.loads(read(root, "lib/library.json"))
    package = os.path.join(root, "lib")
    if pio.get("name") != "langevin":
        errors.append("library.json: name %r" % pio.get("name"))
    build = pio.get("build", {})
    include = os.path.join(package, build.get("includeDir", "<none>"))
    if not os.path.isfile(os.path.join(include, "langevin", "langevin.hpp")):
        errors.append("library.json: build.includeDir %r has no langevin/langevin.hpp" % build.get("includeDir"))
    for header in [h.strip() for h in str(pio.get("headers", "")).split(",") if h.strip()]:
        if not os.path.isfile(os.path.join(include, header)):
            errors.append("library.json: header %s not in the include directory" % header)
    if build.get("libArchive") is not False:
        errors.append("library.json: build.libArchive must be false")
    if build.get("srcFilter") not in ("-<*>", ["-<*>"]):
        errors.append("library.json: build.srcFilter must exclude every source (-<*>)")
    platforms = pio.get("platforms")
    if isinstance(platforms, str):
        platforms = [p.strip() for p in platforms.split(",")]
    if not platforms or "*" in platforms:
        errors.append("library.json: platforms must be listed (\"*\" includes 8-bit AVR)")
    elif AVR_8BIT & set(platforms):
        errors.append("library.json: 8-bit AVR platforms listed: %s" % sorted(AVR_8BIT & set(platforms)))
    examples = pio.get("examples") or []
    on_disk = sorted(d for d in os.listdir(os.path.join(root, "examples"))
                     if os.path.isfile(os.path.join(root, "examples", d, "main.cpp")))
    if sorted(e.get("name") for e in examples) != on_disk:
        errors.append("library.json: examples %s, examples/ has %s" % (sorted(e.get("name") for e in examples), on_disk))
    for e in examples:
        if e.get("base") != "examples/" + str(e.get("name")):
            errors.append("library.json: example %s has base %r" % (e.get("name"), e.get("base")))
        for f in e.get("files", []):
            sources = [os.path.join(root, d, f) for d in ("examples/%s" % e.get("name"), "examples/common", "ports")]
            if not any(os.path.isfile(s) for s in sources):
                errors.append("library.json: example %s lists %s, which exists nowhere" % (e.get("name"), f))


def check_esp_idf(root, errors):
    idf = yaml.safe_load(read(root, "lib/idf_component.yml"))
    if not isinstance(idf, dict):
        errors.append("idf_component.yml: not a mapping")
        return
    if idf.get("license") != "MIT":
        errors.append("idf_component.yml: license %r" % idf.get("license"))
    if not re.search(r"if\(ESP_PLATFORM\)\s*\n\s*idf_component_register\(", read(root, "lib/CMakeLists.txt")):
        errors.append("lib/CMakeLists.txt: no if(ESP_PLATFORM) idf_component_register(...) branch")


def kconfig_accepts(root, kconfig_path, cpp, standard):
    """Loads the module's Kconfig under a stand-in of Zephyr's C++ menu, sets CPP and the
    standard, asks for LANGEVIN=y and returns whether it is y."""
    stub_dir = tempfile.mkdtemp()
    try:
        lines = ['mainmenu "stand-in for Zephyr"', "config CPP", '\tbool "C++"', "if CPP",
                 "choice STD_CPP", '\tprompt "C++ Standard"', "\tdefault STD_CPP11"]
        for s in CPP_STANDARDS:
            lines += ["config " + s, '\tbool "%s"' % s]
        lines += ["endchoice", "config REQUIRES_FULL_LIBCPP", '\tbool "full C++ library"', "endif",
                  'source "%s"' % kconfig_path]
        stub = os.path.join(stub_dir, "Kconfig")
        with open(stub, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.environ["KCONFIG_WARN_UNDEF"] = "y"
        kconf = kconfiglib.Kconfig(stub, warn_to_stderr=False)
        if kconf.warnings:
            raise ValueError("; ".join(kconf.warnings))
        if "LANGEVIN" not in kconf.syms:
            raise ValueError("no config LANGEVIN")
        kconf.syms["CPP"].set_value(2 if cpp else 0)
        if cpp:
            kconf.syms[standard].set_value(2)
        kconf.syms["LANGEVIN"].set_value(2)
        enabled = kconf.syms["LANGEVIN"].tri_value == 2
        if enabled and kconf.syms["REQUIRES_FULL_LIBCPP"].tri_value != 2:
            raise ValueError("LANGEVIN=y does not select REQUIRES_FULL_LIBCPP")
        return enabled
    finally:
        shutil.rmtree(stub_dir)


def check_zephyr(root, errors):
    module_root = os.path.join(root, "lib")
    module = yaml.safe_load(read(root, "lib/zephyr/module.yml"))
    if not isinstance(module, dict) or module.get("name") != "langevin":
        errors.append("zephyr/module.yml: name must be langevin")
        return
    build = module.get("build", {})
    cmake_dir = os.path.join(module_root, str(build.get("cmake")))
    if not os.path.isfile(os.path.join(cmake_dir, "CMakeLists.txt")):
        errors.append("zephyr/module.yml: build.cmake %r has no CMakeLists.txt" % build.get("cmake"))
    kconfig = os.path.join(module_root, str(build.get("kconfig")))
    if not os.path.isfile(kconfig):
        errors.append("zephyr/module.yml: build.kconfig %r does not exist" % build.get("kconfig"))
        return
    try:
        for cpp in (False, True):
            for standard in CPP_STANDARDS:
                want = cpp and standard in CPP17_OR_LATER
                if kconfig_accepts(root, kconfig, cpp, standard) != want:
                    errors.append("zephyr/Kconfig: with CPP=%s and %s, LANGEVIN=y is %s" %
                                  ("y" if cpp else "n", standard, "refused" if want else "accepted"))
                if not cpp:
                    break
    except (ValueError, kconfiglib.KconfigError) as e:
        errors.append("zephyr/Kconfig: %s" % e)


def check(root):
    errors = []
    for f in (check_versions, check_platformio, check_esp_idf, check_zephyr):
        f(root, errors)
    return errors


def edit(root, path, old, new):
    text = read(root, path)
    if old not in text:
        raise SystemExit("self-test: %r not found in %s (update the self-test)" % (old, path))
    with open(os.path.join(root, path), "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


# Each break must make check() report an error that contains the given text.
BREAKS = [
    ("library.json", "lib/library.json", '"version": "{v}"', '"version": "{v}.1"'),
    ("idf_component.yml", "lib/idf_component.yml", 'version: "{v}"', 'version: "{v}.1"'),
    ("config.hpp", "lib/include/langevin/config.hpp", "#define LANGEVIN_VERSION_PATCH", "#define LANGEVIN_VERSION_PATCH 9 //"),
    ("CMake project version {v}.1", "CMakeLists.txt", "VERSION {v}", "VERSION {v}.1"),
    ("library.json", "lib/library.json", '"espressif32",', '"espressif32", "atmelavr",'),
    ("library.json", "lib/library.json", '"libArchive": false', '"libArchive": true'),
    ("library.json", "lib/library.json", '"includeDir": "include"', '"includeDir": "src"'),
    ("library.json", "lib/library.json", '"name": "firmware"', '"name": "firmware_old"'),
    ("zephyr/module.yml", "lib/zephyr/module.yml", "kconfig: zephyr/Kconfig", "kconfig: zephyr/Kconfig.missing"),
    ("zephyr/module.yml", "lib/zephyr/module.yml", "build:", "build: [\n"),
    ("zephyr/Kconfig", "lib/zephyr/Kconfig", "depends on !STD_CPP98 && !STD_CPP11 && !STD_CPP14", ""),
    ("zephyr/Kconfig", "lib/zephyr/Kconfig", "depends on CPP\n", "depends on CPP_TYPO\n"),
    ("zephyr/Kconfig", "lib/zephyr/Kconfig", "\tselect REQUIRES_FULL_LIBCPP\n", ""),
    ("lib/CMakeLists.txt", "lib/CMakeLists.txt", "if(ESP_PLATFORM)", "if(ESP_PLATFORM_X)"),
]


def self_test(source):
    version = cmake_version(source)
    failures = 0
    for expect, path, old, new in BREAKS:
        scratch = tempfile.mkdtemp()
        try:
            root = os.path.join(scratch, "src")
            os.makedirs(root)
            shutil.copy(os.path.join(source, "CMakeLists.txt"), root)
            for d in ("lib", "examples", "ports"):
                shutil.copytree(os.path.join(source, d), os.path.join(root, d))
            try:
                edit(root, path, old.format(v=version), new.format(v=version))
                errors = check(root)
            except yaml.YAMLError as e:
                errors = ["%s: %s" % (path, e)]
            caught = [e.splitlines()[0] for e in errors if expect.format(v=version) in e]
            print("%-8s %s: %r -> %r%s" % ("caught" if caught else "MISSED", path, old.format(v=version),
                                          new.format(v=version), (": " + caught[0]) if caught else ""))
            failures += 0 if caught else 1
        finally:
            shutil.rmtree(scratch)
    return failures


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    source = os.path.abspath(sys.argv[1])
    if "--self-test" in sys.argv[2:]:
        failures = self_test(source)
        print("self-test: %d of %d breaks caught" % (len(BREAKS) - failures, len(BREAKS)))
        return 1 if failures else 0
    errors = check(source)
    for e in errors:
        print("FAIL " + e)
    print("manifests: version %s, %s" % (cmake_version(source), "all checks passed" if not errors else "%d problem(s)" % len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
