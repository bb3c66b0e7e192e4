"""Circulars (《政府情况通报》): the rendering layer. Composition and publishing build on `render`."""
