/* ustorport: the command line.  Subcommands arrive with the port driver,
 * the disk layer and the NBD export; until then it says what it would do. */
#include <stdio.h>
#include <string.h>

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
          "Run 'ustorport COMMAND --help' for the options of a command.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    fprintf(stderr, "ustorport: '%s' is not available yet in this build\n", argv[1]);
    return 2;
}
