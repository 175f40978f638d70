package dev.claudemulti.engine;

import dev.claudemulti.launch.LauncherRegistry;
import dev.claudemulti.launch.OwnerLiveness;
import dev.claudemulti.launch.local.LocalLauncher;
import dev.claudemulti.launch.local.LocalOwnerLiveness;
import java.util.List;

/**
 * What this release wires into the launcher seam: sessions are processes of this machine, and a
 * run's owner is alive while its pid is. The one place that names the local implementation.
 */
public final class Launchers {
    private static final LauncherRegistry REGISTRY = new LauncherRegistry(new LocalLauncher(), List.of());
    private static final OwnerLiveness OWNER_LIVENESS = new LocalOwnerLiveness();

    private Launchers() {}

    public static LauncherRegistry registry() {
        return REGISTRY;
    }

    public static OwnerLiveness ownerLiveness() {
        return OWNER_LIVENESS;
    }
}
