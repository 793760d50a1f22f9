/**
 * Micrometer meters for a wroustr server: {@link dev.wroustr.micrometer.WroustrMetrics#bind}.
 */
package dev.wroustr.micrometer;
