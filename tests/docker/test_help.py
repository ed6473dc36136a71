"""Whole-text tests of `docker ... --help` (docker CLI 29.7.2, no CLI plugins, swarm inactive).

The expected texts follow docker/cli v29.7.2 `cli/cobra.go` (usage template) and pflag's
`FlagUsagesWrapped` at 80 columns; the renderer was also checked line by line against the
docker 28.2.2 binary for every command whose definition did not change in 29.
"""

from __future__ import annotations

import pytest

from dockersim.docker import help as docker_help
from dockersim.docker.help import HelpContext, flag_usages, render_bare, render_help, wrap
from dockersim.docker.spec import FlagSpec, load

ROOT_HELP = """\
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  build       Build an image from a Dockerfile
  pull        Download an image from a registry
  push        Upload an image to a registry
  images      List images
  login       Authenticate to a registry
  logout      Log out from a registry
  search      Search Docker Hub for images
  version     Show the Docker version information
  info        Display system-wide information

Management Commands:
  builder     Manage builds
  container   Manage containers
  context     Manage contexts
  image       Manage images
  manifest    Manage Docker image manifests and manifest lists
  network     Manage networks
  plugin      Manage plugins
  system      Manage Docker
  volume      Manage volumes

Swarm Commands:
  swarm       Manage Swarm

Commands:
  attach      Attach local standard input, output, and error streams to a running container
  commit      Create a new image from a container's changes
  cp          Copy files/folders between a container and the local filesystem
  create      Create a new container
  diff        Inspect changes to files or directories on a container's filesystem
  events      Get real time events from the server
  export      Export a container's filesystem as a tar archive
  history     Show the history of an image
  import      Import the contents from a tarball to create a filesystem image
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  load        Load an image from a tar archive or STDIN
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  update      Update configuration of one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Global Options:
      --config string      Location of client config files (default
                           "/root/.docker")
  -c, --context string     Name of the context to use to connect to the
                           daemon (overrides DOCKER_HOST env var and
                           default context set with "docker context use")
  -D, --debug              Enable debug mode
  -H, --host string        Daemon socket to connect to
  -l, --log-level string   Set the logging level ("debug", "info",
                           "warn", "error", "fatal") (default "info")
      --tls                Use TLS; implied by --tlsverify
      --tlscacert string   Trust certs signed only by this CA (default
                           "/root/.docker/ca.pem")
      --tlscert string     Path to TLS certificate file (default
                           "/root/.docker/cert.pem")
      --tlskey string      Path to TLS key file (default
                           "/root/.docker/key.pem")
      --tlsverify          Use TLS and verify the remote
  -v, --version            Print version information and quit

Run 'docker COMMAND --help' for more information on a command.

For more help on how to use Docker, head to https://docs.docker.com/go/guides/
"""

IMAGE_HELP = """\
Usage:  docker image COMMAND

Manage images

Commands:
  build       Build an image from a Dockerfile
  history     Show the history of an image
  import      Import the contents from a tarball to create a filesystem image
  inspect     Display detailed information on one or more images
  load        Load an image from a tar archive or STDIN
  ls          List images
  prune       Remove unused images
  pull        Download an image from a registry
  push        Upload an image to a registry
  rm          Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Run 'docker image COMMAND --help' for more information on a command.
"""

PULL_HELP = """\
Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]

Download an image from a registry

Aliases:
  docker image pull, docker pull

Options:
  -a, --all-tags          Download all tagged images in the repository
      --platform string   Set platform if server is multi-platform capable
  -q, --quiet             Suppress verbose output
"""

IMAGES_HELP = """\
Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]

List images

Aliases:
  docker image ls, docker image list, docker images

Options:
  -a, --all             Show all images (default hides intermediate and
                        dangling images)
      --digests         Show digests
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-trunc        Don't truncate output
  -q, --quiet           Only show image IDs
      --tree            List multi-platform images as a tree (EXPERIMENTAL)
"""

RUN_HELP = """\
Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Create and run a new container from an image

Aliases:
  docker container run, docker run

Options:
      --add-host list                    Add a custom host-to-IP mapping
                                         (host:ip)
      --annotation map                   Add an annotation to the
                                         container (passed through to the
                                         OCI runtime) (default map[])
  -a, --attach list                      Attach to STDIN, STDOUT or STDERR
      --blkio-weight uint16              Block IO (relative weight),
                                         between 10 and 1000, or 0 to
                                         disable (default 0)
      --blkio-weight-device list         Block IO weight (relative device
                                         weight) (default [])
      --cap-add list                     Add Linux capabilities
      --cap-drop list                    Drop Linux capabilities
      --cgroup-parent string             Optional parent cgroup for the
                                         container
      --cgroupns string                  Cgroup namespace to use
                                         (host|private)
                                         'host':    Run the container in
                                         the Docker host's cgroup
                                         namespace
                                         'private': Run the container in
                                         its own private cgroup namespace
                                         '':        Use the cgroup
                                         namespace as configured by the
                                                    default-cgroupns-mode
                                         option on the daemon (default)
      --cidfile string                   Write the container ID to the file
      --cpu-period int                   Limit CPU CFS (Completely Fair
                                         Scheduler) period
      --cpu-quota int                    Limit CPU CFS (Completely Fair
                                         Scheduler) quota
      --cpu-rt-period int                Limit CPU real-time period in
                                         microseconds
      --cpu-rt-runtime int               Limit CPU real-time runtime in
                                         microseconds
  -c, --cpu-shares int                   CPU shares (relative weight)
      --cpus decimal                     Number of CPUs
      --cpuset-cpus string               CPUs in which to allow execution
                                         (0-3, 0,1)
      --cpuset-mems string               MEMs in which to allow execution
                                         (0-3, 0,1)
  -d, --detach                           Run container in background and
                                         print container ID
      --detach-keys string               Override the key sequence for
                                         detaching a container
      --device list                      Add a host device to the container
      --device-cgroup-rule list          Add a rule to the cgroup allowed
                                         devices list
      --device-read-bps list             Limit read rate (bytes per
                                         second) from a device (default [])
      --device-read-iops list            Limit read rate (IO per second)
                                         from a device (default [])
      --device-write-bps list            Limit write rate (bytes per
                                         second) to a device (default [])
      --device-write-iops list           Limit write rate (IO per second)
                                         to a device (default [])
      --dns list                         Set custom DNS servers
      --dns-option list                  Set DNS options
      --dns-search list                  Set custom DNS search domains
      --domainname string                Container NIS domain name
      --entrypoint string                Overwrite the default ENTRYPOINT
                                         of the image
  -e, --env list                         Set environment variables
      --env-file list                    Read in a file of environment
                                         variables
      --expose list                      Expose a port or a range of ports
      --gpus gpu-request                 GPU devices to add to the
                                         container ('all' to pass all GPUs)
      --group-add list                   Add additional groups to join
      --health-cmd string                Command to run to check health
      --health-interval duration         Time between running the check
                                         (ms|s|m|h) (default 0s)
      --health-retries int               Consecutive failures needed to
                                         report unhealthy
      --health-start-interval duration   Time between running the check
                                         during the start period
                                         (ms|s|m|h) (default 0s)
      --health-start-period duration     Start period for the container
                                         to initialize before starting
                                         health-retries countdown
                                         (ms|s|m|h) (default 0s)
      --health-timeout duration          Maximum time to allow one check
                                         to run (ms|s|m|h) (default 0s)
      --help                             Print usage
  -h, --hostname string                  Container host name
      --init                             Run an init inside the container
                                         that forwards signals and reaps
                                         processes
  -i, --interactive                      Keep STDIN open even if not attached
      --ip ip                            IPv4 address (e.g., 172.30.100.104)
      --ip6 ip                           IPv6 address (e.g., 2001:db8::33)
      --ipc string                       IPC mode to use
      --isolation string                 Container isolation technology
  -l, --label list                       Set meta data on a container
      --label-file list                  Read in a line delimited file of
                                         labels
      --link list                        Add link to another container
      --link-local-ip list               Container IPv4/IPv6 link-local
                                         addresses
      --log-driver string                Logging driver for the container
      --log-opt list                     Log driver options
      --mac-address string               Container MAC address (e.g.,
                                         92:d0:c6:0a:29:33)
  -m, --memory bytes                     Memory limit
      --memory-reservation bytes         Memory soft limit
      --memory-swap bytes                Swap limit equal to memory plus
                                         swap: '-1' to enable unlimited swap
      --memory-swappiness int            Tune container memory swappiness
                                         (0 to 100) (default -1)
      --mount mount                      Attach a filesystem mount to the
                                         container
      --name string                      Assign a name to the container
      --network network                  Connect a container to a network
      --network-alias list               Add network-scoped alias for the
                                         container
      --no-healthcheck                   Disable any container-specified
                                         HEALTHCHECK
      --oom-kill-disable                 Disable OOM Killer
      --oom-score-adj int                Tune host's OOM preferences
                                         (-1000 to 1000)
      --pid string                       PID namespace to use
      --pids-limit int                   Tune container pids limit (set
                                         -1 for unlimited)
      --platform string                  Set platform if server is
                                         multi-platform capable
      --privileged                       Give extended privileges to this
                                         container
  -p, --publish list                     Publish a container's port(s) to
                                         the host
  -P, --publish-all                      Publish all exposed ports to
                                         random ports
      --pull string                      Pull image before running
                                         ("always", "missing", "never")
                                         (default "missing")
  -q, --quiet                            Suppress the pull output
      --read-only                        Mount the container's root
                                         filesystem as read only
      --restart string                   Restart policy to apply when a
                                         container exits (default "no")
      --rm                               Automatically remove the
                                         container and its associated
                                         anonymous volumes when it exits
      --runtime string                   Runtime to use for this container
      --security-opt list                Security Options
      --shm-size bytes                   Size of /dev/shm
      --sig-proxy                        Proxy received signals to the
                                         process (default true)
      --stop-signal string               Signal to stop the container
      --stop-timeout int                 Timeout (in seconds) to stop a
                                         container
      --storage-opt list                 Storage driver options for the
                                         container
      --sysctl map                       Sysctl options (default map[])
      --tmpfs list                       Mount a tmpfs directory
  -t, --tty                              Allocate a pseudo-TTY
      --ulimit ulimit                    Ulimit options (default [])
      --use-api-socket                   Bind mount Docker API socket and
                                         required auth
  -u, --user string                      Username or UID (format:
                                         <name|uid>[:<group|gid>])
      --userns string                    User namespace to use
      --uts string                       UTS namespace to use
  -v, --volume list                      Bind mount a volume
      --volume-driver string             Optional volume driver for the
                                         container
      --volumes-from list                Mount volumes from the specified
                                         container(s)
  -w, --workdir string                   Working directory inside the
                                         container
"""

PS_HELP = """\
Usage:  docker ps [OPTIONS]

List containers

Aliases:
  docker container ls, docker container list, docker container ps, docker ps

Options:
  -a, --all             Show all containers (default shows just running)
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -n, --last int        Show n last created containers (includes all
                        states) (default -1)
  -l, --latest          Show the latest created container (includes all
                        states)
      --no-trunc        Don't truncate output
  -q, --quiet           Only display container IDs
  -s, --size            Display total file sizes
"""

RM_HELP = """\
Usage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]

Remove one or more containers

Aliases:
  docker container rm, docker container remove, docker rm

Options:
  -f, --force     Force the removal of a running container (uses SIGKILL)
  -l, --link      Remove the specified link
  -v, --volumes   Remove anonymous volumes associated with the container
"""

NETWORK_CREATE_HELP = """\
Usage:  docker network create [OPTIONS] NETWORK

Create a network

Options:
      --attachable            Enable manual container attachment
      --aux-address map       Auxiliary IPv4 or IPv6 addresses used by
                              Network driver (default map[])
      --config-from string    The network from which to copy the configuration
      --config-only           Create a configuration only network
  -d, --driver string         Driver to manage the Network (default "bridge")
      --gateway ipSlice       IPv4 or IPv6 Gateway for the master subnet
                              (default [])
      --ingress               Create swarm routing-mesh network
      --internal              Restrict external access to the network
      --ip-range ipNetSlice   Allocate container ip from a sub-range
                              (default [])
      --ipam-driver string    IP Address Management Driver (default "default")
      --ipam-opt map          Set IPAM driver specific options (default map[])
      --ipv4                  Enable or disable IPv4 address assignment
                              (default true)
      --ipv6                  Enable or disable IPv6 address assignment
      --label list            Set metadata on a network
  -o, --opt map               Set driver specific options (default map[])
      --scope string          Control the network's scope
      --subnet strings        Subnet in CIDR format that represents a
                              network segment
"""

#: docker/cli v29.7.2 e2e/stack/testdata/stack-deploy-help.golden, "Options:" section.
STACK_DEPLOY_OPTIONS = """\
  -c, --compose-file strings   Path to a Compose file, or "-" to read
                               from stdin
  -d, --detach                 Exit immediately instead of waiting for
                               the stack services to converge (default true)
      --prune                  Prune services that are no longer referenced
  -q, --quiet                  Suppress progress output
      --resolve-image string   Query the registry to resolve image digest
                               and supported platforms ("always",
                               "changed", "never") (default "always")
      --with-registry-auth     Send registry authentication details to
                               Swarm agents
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", ROOT_HELP),
        ("image", IMAGE_HELP),
        ("pull", PULL_HELP),
        ("images", IMAGES_HELP),
        ("run", RUN_HELP),
        ("ps", PS_HELP),
        ("rm", RM_HELP),
        ("network create", NETWORK_CREATE_HELP),
    ],
)
def test_help_text(path: str, expected: str) -> None:
    # given
    spec = load().get(path)
    # when
    text = render_help(spec)
    # then
    assert text == expected


def test_alias_command_names_its_own_path_in_usage() -> None:
    # given / when
    text = render_help(load().get("container ls"))
    # then
    assert text.splitlines()[:6] == [
        "Usage:  docker container ls [OPTIONS]",
        "",
        "List containers",
        "",
        "Aliases:",
        "  docker container ls, docker container list, docker container ps, docker ps",
    ]


def test_flag_columns_match_the_stack_deploy_golden() -> None:
    # given: cli/command/stack/deploy.go's flags
    flags = [
        FlagSpec(
            "compose-file",
            "stringSlice",
            "c",
            "[]",
            'Path to a Compose file, or "-" to read from stdin',
        ),
        FlagSpec(
            "with-registry-auth",
            "bool",
            usage="Send registry authentication details to Swarm agents",
        ),
        FlagSpec("prune", "bool", usage="Prune services that are no longer referenced"),
        FlagSpec(
            "resolve-image",
            default="always",
            usage="Query the registry to resolve image digest and supported platforms"
            ' ("always", "changed", "never")',
        ),
        FlagSpec(
            "detach",
            "bool",
            "d",
            "true",
            "Exit immediately instead of waiting for the stack services to converge",
        ),
        FlagSpec("quiet", "bool", "q", usage="Suppress progress output"),
    ]
    # when
    text = flag_usages(flags, 79)
    # then
    assert text == STACK_DEPLOY_OPTIONS


def test_wrap_moves_a_narrow_column_to_its_own_block() -> None:
    # given: fewer than 24 columns left after the indent (pflag wrap's special case)
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho"
    # when
    wrapped = wrap(60, 79, text)
    # then: a new line indented 16, lines cut at the last blank before column 16 + 58
    assert wrapped == (
        "\n                alpha beta gamma delta epsilon zeta eta theta iota kappa"
        "\n                lambda mu nu xi omicron pi rho"
    )


def test_help_on_a_swarm_manager_lists_every_swarm_command() -> None:
    # given
    ctx = HelpContext(swarm="manager")
    # when
    text = render_help(load().root, ctx)
    # then
    start = text.index("Swarm Commands:")
    assert text[start : text.index("Commands:", start + 20)] == (
        "Swarm Commands:\n"
        "  config      Manage Swarm configs\n"
        "  node        Manage Swarm nodes\n"
        "  secret      Manage Swarm secrets\n"
        "  service     Manage Swarm services\n"
        "  stack       Manage Swarm stacks\n"
        "  swarm       Manage Swarm\n"
        "\n"
    )


def test_swarm_group_on_a_manager_lists_its_manager_commands() -> None:
    # given / when
    text = render_help(load().get("swarm"), HelpContext(swarm="manager"))
    # then
    assert text == (
        "Usage:  docker swarm COMMAND\n\nManage Swarm\n\nCommands:\n"
        "  ca          Display and rotate the root CA\n"
        "  init        Initialize a swarm\n"
        "  join        Join a swarm as a node and/or manager\n"
        "  join-token  Manage join tokens\n"
        "  leave       Leave the swarm\n"
        "  unlock      Unlock swarm\n"
        "  unlock-key  Manage the unlock key\n"
        "  update      Update the swarm\n"
        "\nRun 'docker swarm COMMAND --help' for more information on a command.\n"
    )


def test_manifest_help_carries_the_experimental_notice() -> None:
    # given / when
    text = render_help(load().get("manifest inspect"))
    # then
    assert text == (
        "Usage:  docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST\n\n"
        "Display an image manifest, or manifest list\n\n"
        "EXPERIMENTAL:\n"
        "  docker manifest inspect is an experimental feature.\n"
        "  Experimental features provide early access to product functionality. These\n"
        "  features may change between releases without warning, or can be removed from a\n"
        "  future release. Learn more about experimental features in our documentation:\n"
        "  https://docs.docker.com/go/experimental/\n\n"
        "Options:\n"
        "      --insecure   Allow communication with an insecure registry\n"
        "  -v, --verbose    Output additional info including layers and platform\n"
    )


def test_bare_manifest_prints_a_blank_line_first() -> None:
    # given
    spec = load().get("manifest")
    # when
    text = render_bare(spec)
    # then
    assert text == "\n" + render_help(spec)


def test_root_help_on_a_terminal_prints_the_last_line_bold() -> None:
    # given / when
    text = render_help(load().root, HelpContext(tty=True))
    # then
    assert text.endswith(
        "\n\n\x1b[1mFor more help on how to use Docker, head to "
        "https://docs.docker.com/go/guides/\x1b[0m\n"
    )


def test_error_help_of_an_experimental_group_on_a_plain_daemon() -> None:
    # given / when
    text = render_help(load().get("checkpoint"))
    # then
    assert text == (
        "docker checkpoint is only supported on a Docker daemon with experimental features "
        "enabled\n"
    )


def test_version_text() -> None:
    assert docker_help.version_text() == "Docker version 29.1.3, build f52814d\n"


def test_every_command_renders_its_usage_and_description() -> None:
    # given
    table = load()
    ctx = HelpContext(swarm="manager", experimental=True)
    for spec in table:
        # when
        text = render_help(spec, ctx, table)
        # then
        usage = (
            f"{spec.command_path}{' [OPTIONS]' if spec.is_root else ''} COMMAND"
            if spec.has_subcommands
            else spec.use_line
        )
        head = f"Usage:  {usage}\n\n{(spec.long or spec.short).strip()}"
        assert text.startswith(head), spec.path
        assert text.endswith("\n") and not text.endswith("\n\n"), spec.path
