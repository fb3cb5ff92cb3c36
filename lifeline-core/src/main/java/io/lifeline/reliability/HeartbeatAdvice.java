package io.lifeline.reliability;

import io.lifeline.detect.PhiAccrualConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link HeartbeatAdvisor} recommends, and what it costs.
 *
 * @param config the phi detector settings to use: the observed mean as heartbeat interval,
 *     {@link #acceptablePause}, {@link #deadPhi}, and the base settings otherwise
 * @param deadAfter the silence after the last heartbeat at which the agent is declared DEAD: the
 *     worst-case detection time of a crash (crash right after a heartbeat), before the detector's
 *     check interval is added
 * @param deadPhi the DEAD threshold
 * @param acceptablePause the pause added to the mean interval
 * @param falseSuspicionsPerHeartbeat the probability that a live agent's interval exceeds
 *     {@code deadAfter}, for normally distributed intervals of the observed mean and deviation
 * @param falseSuspicionsPerHour the same per hour of heartbeats
 * @param fastestDetection the shortest {@code deadAfter} that still meets the false-suspicion
 *     target
 * @param conflict whether the two targets cannot both be met: {@code fastestDetection} is longer
 *     than the detection target. The config then meets the detection target and misses the other.
 * @param intervalMeetingBoth when they conflict: the longest heartbeat interval (at least 1 ms)
 *     that would meet both if the jitter stayed the same, in whole milliseconds; empty when none
 *     would
 */
public record HeartbeatAdvice(
    PhiAccrualConfig config,
    Duration deadAfter,
    double deadPhi,
    Duration acceptablePause,
    double falseSuspicionsPerHeartbeat,
    double falseSuspicionsPerHour,
    Duration fastestDetection,
    boolean conflict,
    Optional<Duration> intervalMeetingBoth) {}
