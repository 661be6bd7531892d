package io.graphdrive.tagging;

import io.ray.api.PlacementGroups;
import io.ray.api.Ray;
import io.ray.api.call.ActorCreator;
import io.ray.api.options.PlacementGroupCreationOptions;
import io.ray.api.placementgroup.PlacementGroup;
import io.ray.api.placementgroup.PlacementStrategy;
import java.util.Collections;
import java.util.Map;

/**
 * Where a pool's actors run: in a cluster, each in its own bundle of one CPU of a placement group that spreads
 * the bundles over the nodes; in LOCAL mode, in this JVM.
 */
final class ActorPlacement implements AutoCloseable {
  private static final int READY_SECONDS = 60;

  private final PlacementGroup group;

  private ActorPlacement(PlacementGroup group) {
    this.group = group;
  }

  /** Reserves one CPU for each of the actors in a cluster, spread over its nodes; throws when the cluster has no room. */
  static ActorPlacement reserve(int actors) {
    if (Ray.getRuntimeContext().isLocalMode()) {
      return new ActorPlacement(null);
    }
    // SPREAD, not STRICT_SPREAD: more actors than nodes share nodes, and when a node dies Ray moves its bundles
    // to the nodes left, where the pool's replacement actors then start.
    PlacementGroup group = PlacementGroups.createPlacementGroup(
        new PlacementGroupCreationOptions.Builder()
            .setBundles(Collections.nCopies(actors, Map.of("CPU", 1.0)))
            .setStrategy(PlacementStrategy.SPREAD)
            .build());
    if (!group.wait(READY_SECONDS)) {
      PlacementGroups.removePlacementGroup(group.getId());
      throw new IllegalStateException("the Ray cluster has no room for " + actors
          + " tagging actors of one CPU each (waited " + READY_SECONDS + " s); lower the setting workers or add nodes");
    }
    return new ActorPlacement(group);
  }

  /** Returns the creator of an actor, placed in the bundle of the actor's index in a cluster. */
  <A> ActorCreator<A> place(ActorCreator<A> creator, int actor) {
    return group == null ? creator : creator.setPlacementGroup(group, actor);
  }

  /** Releases the reserved CPUs. */
  @Override
  public void close() {
    if (group != null) {
      PlacementGroups.removePlacementGroup(group.getId());
    }
  }
}
