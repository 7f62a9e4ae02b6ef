package io.clearhouse.launcher.demo;

import java.util.List;

/** A fictitious game provider of the demo: its games and the currencies its brands play in. */
public record SimulatedProvider(String id, List<String> currencies, List<Game> games) {

    /** A game and the family it belongs to. */
    public record Game(String id, String gameType) {
    }

    public static List<SimulatedProvider> demoProviders() {
        return List.of(
                new SimulatedProvider("nova-slots", List.of("EUR", "USD"), List.of(
                        new Game("starfall-reels", "SLOT"), new Game("golden-comet", "SLOT"),
                        new Game("rocket-x", "CRASH"))),
                new SimulatedProvider("han-river-live", List.of("KRW"), List.of(
                        new Game("baccarat-seoul", "LIVE"), new Game("roulette-han", "LIVE"),
                        new Game("blackjack-7", "TABLE"))),
                new SimulatedProvider("sakura-games", List.of("JPY"), List.of(
                        new Game("koi-fortune", "SLOT"), new Game("pachi-deluxe", "SLOT"))),
                new SimulatedProvider("atlas-gaming", List.of("USD", "EUR"), List.of(
                        new Game("atlas-blackjack", "TABLE"), new Game("atlas-roulette", "LIVE"),
                        new Game("titan-spins", "SLOT"))));
    }
}
