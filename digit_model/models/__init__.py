"""What the estimators are made of: stateless features, augmentation, the weakest-duel confidence, and the catalogue per task."""
