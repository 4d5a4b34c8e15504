namespace LlmCompiler.Runtime.Processes.Posix;

/// <summary>
/// Makes every step process die with this program, however the program ends (kill -9 included, which runs no cleanup
/// code). Started once per process, the watchdog is a <c>sh</c> that leads a process group of its own and reads a pipe
/// whose write end only this process holds (close-on-exec, so no child inherits it). Steps are spawned into that group,
/// and their children stay in it. When this process dies, the kernel closes the write end; the watchdog's read ends
/// and it kills its whole group: every step and every process a step started, except one that left the group itself
/// (<c>setsid</c>, a shell's job control).
/// </summary>
/// <remarks>
/// Why not PR_SET_PDEATHSIG: it fires when the thread that spawned the child exits, not the process (thread-pool
/// threads retire), it reaches only the direct child (not what <c>sh -c</c> starts), and it is Linux-only. The cost
/// per step is one setpgid in the child; the watchdog costs one process (about 1 MB) per program.
/// </remarks>
internal static unsafe class StepWatchdog
{
    // Ignores the terminal's signals (its group is not the terminal's, but a hang-up may still reach it); at the end
    // of its input, kills its group, itself included.
    private const string Script = "trap '' INT HUP; read _; kill -s KILL 0";

    private static readonly object Gate = new();
    private static int _group;

    /// <summary>The process group steps join: the watchdog's pid. Started on first use.</summary>
    /// <exception cref="StepFailedException">The watchdog cannot be started.</exception>
    public static int Group
    {
        get
        {
            lock (Gate)
            {
                return _group != 0 ? _group : _group = Start();
            }
        }
    }

    /// <summary>Starts another watchdog when <paramref name="failed"/> is still the current group: a spawn into it failed, so it is gone (killed from outside, its steps ended).</summary>
    public static int Renew(int failed)
    {
        lock (Gate)
        {
            if (_group == failed)
            {
                _group = Start();
            }

            return _group;
        }
    }

    private static int Start()
    {
        var fds = stackalloc int[2];
        if (PosixNative.pipe2(fds, PosixNative.OCloexec) != 0)
        {
            throw new StepFailedException("could not start the step watchdog (pipe2 failed)");
        }

        var actions = stackalloc byte[PosixNative.FileActionsSize];
        var attributes = stackalloc byte[PosixNative.AttributesSize];
        var mask = stackalloc byte[PosixNative.SigSetSize];
        var defaults = stackalloc byte[PosixNative.SigSetSize];
        _ = PosixNative.posix_spawn_file_actions_init(actions);
        _ = PosixNative.posix_spawnattr_init(attributes);
        var argv = stackalloc byte*[4];
        var shell = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8("/bin/sh");
        var dashC = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8("-c");
        var script = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(Script);
        var environment = stackalloc byte*[1];
        environment[0] = null;
        var pid = 0;
        try
        {
            argv[0] = (byte*)shell;
            argv[1] = (byte*)dashC;
            argv[2] = (byte*)script;
            argv[3] = null;

            // stdin: the pipe's read end; stdout and stderr: /dev/null, so the watchdog holds none of this process's pipes open.
            var setup = PosixNative.posix_spawn_file_actions_adddup2(actions, fds[0], 0)
                | PosixNative.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", PosixNative.OWronly, 0)
                | PosixNative.posix_spawn_file_actions_addopen(actions, 2, "/dev/null", PosixNative.OWronly, 0)
                | PosixNative.posix_spawn_file_actions_addchdir_np(actions, "/");
            _ = PosixNative.sigemptyset(mask);
            _ = PosixNative.sigfillset(defaults);
            setup |= PosixNative.posix_spawnattr_setsigmask(attributes, mask)
                | PosixNative.posix_spawnattr_setsigdefault(attributes, defaults)
                | PosixNative.posix_spawnattr_setpgroup(attributes, 0)
                | PosixNative.posix_spawnattr_setflags(attributes, PosixNative.SpawnSetPGroup | PosixNative.SpawnSetSigDef | PosixNative.SpawnSetSigMask);
            var result = setup != 0 ? setup : PosixNative.posix_spawnp(&pid, "/bin/sh", actions, attributes, argv, environment);
            if (result != 0)
            {
                PosixNative.close(fds[1]);
                throw new StepFailedException($"could not start the step watchdog: {new System.ComponentModel.Win32Exception(result).Message}");
            }

            // The write end stays open for the life of this process, on purpose: its closing is the signal.
            return pid;
        }
        finally
        {
            PosixNative.close(fds[0]);
            _ = PosixNative.posix_spawn_file_actions_destroy(actions);
            _ = PosixNative.posix_spawnattr_destroy(attributes);
            System.Runtime.InteropServices.Marshal.FreeCoTaskMem(shell);
            System.Runtime.InteropServices.Marshal.FreeCoTaskMem(dashC);
            System.Runtime.InteropServices.Marshal.FreeCoTaskMem(script);
        }
    }
}
