package io.dynamolock.examples.jobs;

/**
 * A unit of work that several workers race for.
 *
 * @param id the job's id, part of its lock key ({@code job-$<arg0.id>})
 */
public record Job(String id) {
}
