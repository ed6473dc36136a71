"""The web images' programs: php, Apache with PHP, WordPress's entrypoint and pages, traefik,
caddy, haproxy, adminer, and the versions nginx and registry report."""

from __future__ import annotations

import re

import pytest

from dockersim.engine import Engine


def out(engine: Engine, line: str) -> tuple[str, str, int]:
    """stdout, stderr without the pull progress of a first `run`, and the exit status."""
    result = engine.docker(line)
    _, status, rest = result.stderr.partition("Status: Downloaded newer image for ")
    stderr = rest.partition("\n")[2] if status else result.stderr
    return result.stdout, stderr, result.exit_code


@pytest.fixture
def net(engine: Engine) -> Engine:
    engine.docker("network create web")
    engine.docker("run -d --name client --network web alpine sleep 1d")
    return engine


def test_php_version_text(engine: Engine) -> None:
    assert out(engine, "run --rm php:8.4 php -v") == (
        "PHP 8.4.7 (cli) (built: May 22 2025 20:41:07) (NTS)\n"
        "Copyright (c) The PHP Group\n"
        "Built by https://github.com/docker-library/php\n"
        "Zend Engine v4.4.7, Copyright (c) Zend Technologies\n",
        "",
        0,
    )
    stdout, _, _ = out(engine, "run --rm php:8.3 php -v")
    assert stdout.splitlines()[2] == "Zend Engine v4.3.21, Copyright (c) Zend Technologies"


def test_php_r_echoes_literals_and_simple_expressions(engine: Engine) -> None:
    assert out(engine, """run --rm php:8.4 php -r 'echo "hi\\n";'""") == ("hi\n", "", 0)
    assert out(engine, "run --rm php:8.4 -r 'echo 7 * 6, PHP_EOL;'") == ("42\n", "", 0)
    assert out(engine, "run --rm php:8.4 php -r 'echo 10 / 4 . \"!\";'") == ("2.5!", "", 0)


def test_php_code_it_does_not_model_says_so(engine: Engine) -> None:
    assert out(engine, "run --rm php:8.4 php -r 'mysqli_connect();'") == (
        "",
        "dockersim: not simulated in php: PHP code (statement at 'mysqli_connect')\n",
        1,
    )


def test_php_m_lists_the_modules(engine: Engine) -> None:
    stdout, _, code = out(engine, "run --rm php:8.4 php -m")
    assert code == 0
    assert stdout.startswith("[PHP Modules]\nCore\nctype\ncurl\n")
    assert stdout.endswith("xmlwriter\nzlib\n\n[Zend Modules]\n\n")


def test_php_builtin_server_serves_files_and_php(net: Engine) -> None:
    net.docker("run -d --name dev --network web php:8.4 php -S 0.0.0.0:8000 -t /var/www/html")
    net.docker("exec dev sh -c 'echo \"<p><?= 1 + 1 ?></p>\" > /var/www/html/index.php'")
    assert re.fullmatch(
        r"\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 2025\] "
        r"PHP 8\.4\.7 Development Server \(http://0\.0\.0\.0:8000\) started\n",
        net.docker("logs dev").stderr,
    )
    assert out(net, "exec client wget -qO- dev:8000/") == ("<p>2</p>\n", "", 0)
    assert net.docker("logs dev").stderr.splitlines()[2].endswith(" [200]: GET /")


def test_apache_variant_logs_its_start_and_forbids_an_empty_docroot(net: Engine) -> None:
    net.docker("run -d --name site --network web php:8.4-apache")
    logs = net.docker("logs site").stderr.splitlines()
    assert logs[0] == (
        "AH00558: apache2: Could not reliably determine the server's fully qualified domain "
        "name, using 172.18.0.3. Set the 'ServerName' directive globally to suppress this message"
    )
    assert logs[2].endswith(
        "[mpm_prefork:notice] [pid 1:tid 1] AH00163: Apache/2.4.62 (Debian) PHP/8.4.7 "
        "configured -- resuming normal operations"
    )
    page = net.docker("exec site curl -s localhost/").stdout
    assert page == (
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
        "<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n"
        "<p>You don't have permission to access this resource.</p>\n<hr>\n"
        "<address>Apache/2.4.62 (Debian) Server at localhost Port 80</address>\n</body></html>\n"
    )
    php = '<?php echo \\"Hi from \\" . PHP_VERSION; ?>'
    net.docker(f"exec site sh -c 'echo \"{php}\" > index.php'")
    assert net.docker("exec site curl -s localhost/").stdout == "Hi from 8.4.7"


def test_wordpress_copies_itself_and_redirects_to_setup(net: Engine) -> None:
    net.docker("run -d --name wp --network web -p 8080:80 wordpress")
    logs = net.docker("logs wp").stderr.splitlines()
    assert logs[:2] == [
        "WordPress not found in /var/www/html - copying now...",
        "Complete! WordPress has been successfully copied to /var/www/html",
    ]
    head = net.docker("exec wp curl -si localhost").stdout
    assert head.startswith("HTTP/1.1 302 Found\r\n")
    assert "Location: http://localhost/wp-admin/setup-config.php\r\n" in head
    assert "X-Powered-By: PHP/8.2.28\r\n" in head
    page = net.docker("exec wp curl -s localhost/wp-admin/setup-config.php").stdout
    assert "<title>WordPress &rsaquo; Setup Configuration File</title>" in page


def test_wordpress_without_a_database_shows_the_connection_error(net: Engine) -> None:
    net.docker(
        "run -d --name wp --network web -e WORDPRESS_DB_HOST=db -e WORDPRESS_DB_USER=wp wordpress"
    )
    logs = net.docker("logs wp").stderr.splitlines()
    assert logs[2] == (
        "No 'wp-config.php' found in /var/www/html, but 'WORDPRESS_...' variables supplied; "
        "copying 'wp-config-docker.php' (WORDPRESS_DB_HOST WORDPRESS_DB_USER)"
    )
    response = net.docker("exec wp curl -si localhost").stdout
    assert response.startswith("HTTP/1.1 500 Internal Server Error\r\n")
    assert "<h1>Error establishing a database connection</h1>" in response


def test_traefik_version_and_dashboard(net: Engine) -> None:
    assert out(net, "run --rm traefik:v3 version") == (
        "Version:      3.4.1\nCodename:     chaource\nGo version:   go1.24.3\n"
        "Built:        2025-05-27T14:01:35Z\nOS/Arch:      linux/amd64\n",
        "",
        0,
    )
    net.docker("run -d --name proxy --network web traefik:v3.4 --api.insecure=true")
    assert net.docker("logs proxy").stderr == ""  # the default log level is ERROR
    head = net.docker("run --rm --network web nginx:alpine curl -si proxy:8080/").stdout
    assert head.startswith("HTTP/1.1 302 Found\r\nLocation: /dashboard/\r\n")
    assert out(net, "exec client wget -qO- proxy")[1:] == (
        "wget: server returned error: HTTP/1.1 404 Not Found\n",
        1,
    )


def test_traefik_v2_logs_the_flags_line(net: Engine) -> None:
    net.docker("run -d --name old traefik:v2.11 --api.insecure=true")
    assert net.docker("logs old").stderr.endswith(
        ' level=info msg="Configuration loaded from flags."\n'
    )


def test_caddy_logs_json_and_serves_its_welcome_page(net: Engine) -> None:
    assert out(net, "run --rm caddy caddy version")[0].startswith("v2.10.0 ")
    net.docker("run -d --name cad --network web caddy")
    first = net.docker("logs cad").stderr.splitlines()
    assert '"msg":"using config from file","file":"/etc/caddy/Caddyfile"}' in first[2]
    assert '"logger":"http.log","msg":"server running","name":"srv0"' in "\n".join(first)
    assert "<title>Caddy works!</title>" in net.docker("exec client wget -qO- cad").stdout


def test_haproxy_refuses_to_start_without_its_config(engine: Engine) -> None:
    assert out(engine, "run --rm haproxy") == (
        "",
        "[NOTICE]   (1) : haproxy version is 3.2.0-e134140\n"
        "[NOTICE]   (1) : path to executable is /usr/local/sbin/haproxy\n"
        "[ALERT]    (1) : config : Cannot open configuration file/directory "
        "/usr/local/etc/haproxy/haproxy.cfg : No such file or directory\n",
        1,
    )
    assert out(engine, "run --rm haproxy -v")[0].startswith(
        "HAProxy version 3.2.0-e134140 2025/05/28 - https://haproxy.org/\n"
    )


def test_haproxy_starts_with_a_mounted_config(engine: Engine) -> None:
    engine.docker("volume create cfg")
    engine.docker(
        "run --rm -v cfg:/c alpine sh -c "
        "'printf \"frontend web\\n  bind :80\\n  default_backend app\\n\" > /c/haproxy.cfg'"
    )
    engine.docker("run -d --name lb -v cfg:/usr/local/etc/haproxy haproxy:lts")
    assert engine.docker("logs lb").stderr == (
        "[NOTICE]   (1) : New worker (8) forked\n[NOTICE]   (1) : Loading success.\n"
    )


def test_adminer_serves_its_login_page(net: Engine) -> None:
    net.docker("run -d --name adm --network web adminer")
    page = net.docker("exec client wget -qO- adm:8080").stdout
    assert "<title>Login - Adminer</title>" in page
    assert 'name="auth[server]" value="db"' in page
    assert "Development Server (http://[::]:8080) started" in net.docker("logs adm").stderr


def test_nginx_tags_report_their_own_version(net: Engine) -> None:
    assert out(net, "run --rm nginx:1.25 nginx -v")[1] == "nginx version: nginx/1.25.5\n"
    net.docker("run -d --name st --network web nginx:stable-alpine")
    lines = net.docker("logs st").stderr.splitlines()
    assert lines[1].endswith("[notice] 1#1: nginx/1.28.0")
    assert lines[2].endswith("[notice] 1#1: built by gcc 14.2.0 (Alpine 14.2.0)")
    assert "Server: nginx/1.28.0" in net.docker("exec st curl -sI localhost").stdout


def test_registry_3_logs_its_version(engine: Engine) -> None:
    engine.docker("run -d --name reg registry")
    last = engine.docker("logs reg").stderr.splitlines()[-1]
    assert 'msg="listening on [::]:5000"' in last and last.endswith("version=3.0.0")
