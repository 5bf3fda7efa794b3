package dev.ingot.api;

import dev.ingot.core.image.Image;
import dev.ingot.core.store.ImageRef;

import java.util.List;

/** An image as listed: its digest and manifest (in {@code image}) and the tags that name it (none for a cached build). */
public record ImageView(Image image, List<ImageRef> tags) {}
