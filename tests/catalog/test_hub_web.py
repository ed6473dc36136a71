"""The web images of the offline Docker Hub (fragment hub-2025-06.d/web.yaml): the tag map of
official-images ef9c9781c665, both platforms, and the configs the images' Dockerfiles give."""

from __future__ import annotations

import pytest

from dockersim import catalog
from dockersim.engine import Engine
from dockersim.model.image import Platform

# tag -> image key (official-images ef9c9781c665; nginx 1.26/1.25 from their last library file)
TAGS = {
    "nginx:stable": "nginx:1.28.0",
    "nginx:1.28-alpine": "nginx:1.28.0-alpine",
    "nginx:1.26": "nginx:1.26.3",
    "nginx:1.25": "nginx:1.25.5",
    "httpd:alpine": "httpd:2.4.63-alpine",
    "registry:latest": "registry:3.0.0",
    "registry:2": "registry:2.8.3",
    "php:latest": "php:8.4.7-cli",
    "php:8.4-apache": "php:8.4.7-apache",
    "php:8.4-fpm": "php:8.4.7-fpm",
    "php:8.4-alpine": "php:8.4.7-cli-alpine",
    "php:8.3": "php:8.3.21-cli",
    "php:8.3-apache": "php:8.3.21-apache",
    "php:8.2-apache": "php:8.2.28-apache",
    "wordpress:latest": "wordpress:6.8.1-php8.2-apache",
    "traefik:latest": "traefik:v3.4.1",
    "traefik:v2.11": "traefik:v2.11.25",
    "caddy:latest": "caddy:2.10.0-alpine",
    "caddy:2-alpine": "caddy:2.10.0-alpine",
    "haproxy:lts": "haproxy:3.2.0",
    "haproxy:3.0": "haproxy:3.0.11",
    "haproxy:alpine": "haproxy:3.2.0-alpine",
    "adminer:latest": "adminer:5.3.0",
}


@pytest.mark.parametrize(("tag", "key"), sorted(TAGS.items()))
def test_tags_resolve_to_the_images_of_june_2025(tag: str, key: str) -> None:
    # given
    repo, _, name = tag.partition(":")
    # when
    info = catalog.load().repositories[repo]
    # then
    assert info.image_key(name) == key


@pytest.mark.parametrize("key", sorted(set(TAGS.values())))
def test_every_web_image_builds_for_both_platforms(key: str) -> None:
    data = catalog.load()
    platforms = [str(p) for p in data.platforms(key)]
    assert platforms == ["linux/amd64", "linux/arm64/v8"]
    amd = data.build(key, Platform.parse("linux/amd64"))
    arm = data.build(key, Platform.parse("linux/arm64/v8"))
    assert amd.config.id != arm.config.id


def test_pulling_both_platforms_gives_two_images(engine: Engine) -> None:
    # when
    amd = engine.docker("pull -q --platform linux/amd64 wordpress")
    inspect = engine.docker("image inspect -f '{{.Architecture}} {{.Config.Entrypoint}}' wordpress")
    arm = engine.docker("pull -q --platform linux/arm64 traefik:v3")
    # then
    assert amd.stdout == "docker.io/library/wordpress:latest\n"
    assert inspect.stdout == "amd64 [docker-entrypoint.sh]\n"
    assert arm.exit_code == 0


def test_configs_follow_the_dockerfiles(engine: Engine) -> None:
    engine.docker("pull -q php:8.4-apache")
    engine.docker("pull -q haproxy")
    engine.docker("pull -q adminer")
    fmt = "{{.Config.Cmd}} {{.Config.WorkingDir}} {{.Config.StopSignal}} {{.Config.User}}"
    assert engine.docker(f"image inspect -f '{fmt}' php:8.4-apache").stdout == (
        "[apache2-foreground] /var/www/html SIGWINCH \n"
    )
    assert engine.docker(f"image inspect -f '{fmt}' haproxy").stdout == (
        "[haproxy -f /usr/local/etc/haproxy/haproxy.cfg] /var/lib/haproxy SIGUSR1 haproxy\n"
    )
    assert engine.docker(f"image inspect -f '{fmt}' adminer").stdout == (
        "[php -S [::]:8080 -t /var/www/html] /var/www/html SIGINT adminer\n"
    )


def test_registry_3_keeps_its_config_in_etc_distribution(engine: Engine) -> None:
    result = engine.docker("run --rm registry:3 cat /etc/distribution/config.yml")
    assert result.stdout.startswith("version: 0.1\nlog:\n  level: debug\n")
    assert result.stdout.endswith("    threshold: 3")


def test_tags_not_on_hub_in_june_2025_are_unknown(engine: Engine) -> None:
    result = engine.docker("pull php:8.5")
    assert result.exit_code == 1
    assert "manifest unknown" in result.stderr or "not found" in result.stderr


# filesystem layers of each chain, parents included (the Dockerfiles: RUN, COPY and WORKDIR;
# php:8.4 pulls 9 layers, as in the pull output quoted in php/frankenphp#1183)
LAYERS = {
    "nginx:1.28.0": 7,
    "nginx:1.26.3": 7,
    "nginx:1.25.5": 7,
    "nginx:1.28.0-alpine-slim": 7,
    "nginx:1.28.0-alpine": 8,
    "httpd:2.4.63-alpine": 7,
    "registry:3.0.0": 5,
    "php:8.4.7-cli": 9,
    "php:8.4.7-apache": 14,
    "php:8.4.7-fpm": 11,
    "php:8.4.7-cli-alpine": 9,
    "wordpress:6.8.1-php8.2-apache": 22,
    "traefik:v3.4.1": 4,
    "caddy:2.10.0-alpine": 5,
    "haproxy:3.2.0": 6,
    "adminer:5.3.0": 16,
}


@pytest.mark.parametrize(("key", "count"), sorted(LAYERS.items()))
def test_layer_counts_follow_the_dockerfiles(key: str, count: int) -> None:
    built = catalog.load().build(key, Platform.parse("linux/amd64"))
    assert len(built.layers) == count
