package dev.claudemulti.cli;

/** The version of this build, from the jar manifest ("dev" when run from classes). */
final class Versions {
    private Versions() {}

    static String current() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
