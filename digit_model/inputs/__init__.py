"""Where a digit comes from and how it becomes MNIST's 28x28: MNIST and pen loaders, uploads, the canvas, the recipe, photos."""
