/* ustorport: the command line. Each command lives in its own file (cmd_*.c);
 * this one only dispatches and answers --help and --version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fputs("usage: ustorport COMMAND [OPTIONS]\n"
          "\n"
          "Host a Windows Storport miniport in user space and export its disks over NBD.\n"
          "\n"
          "commands:\n"
          "  run      host a miniport and serve its logical units over NBD\n"
          "  info     show adapters, configuration and logical units\n"
          "  bench    drive a logical unit directly and report fio-style figures\n"
          "  help     show this text\n"
          "\n"
          "options:\n"
          "  -h, --help     show this text\n"
          "  -V, --version  show the version\n"
          "\n"
          "Run 'ustorport COMMAND --help' for the options of a command.\n", out);
}

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} commands[] = {
    { "run", cmd_run },
    { "info", cmd_info },
    { "bench", cmd_bench },
};

int main(int argc, char **argv)
{
    if (argc < 2)
        cli_usage_error(NULL, "a command is needed: run, info or bench");
    const char *c = argv[1];
    if (!strcmp(c, "help") || !strcmp(c, "--help") || !strcmp(c, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(c, "--version") || !strcmp(c, "-V")) {
        printf("ustorport %s\n", ustor_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(c, commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    if (c[0] == '-')
        cli_usage_error(NULL, "unknown option '%s'", c);
    cli_usage_error(NULL, "unknown command '%s'", c);
}
