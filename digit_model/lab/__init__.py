"""The Lab: train the chapter's classifiers yourself, watch the stages, and read them like the shipped models.

``settings`` says what to train and refuses a bad setting in one sentence; ``memory`` estimates what
it needs; ``runner`` trains it stage by stage (cross-validation, final fit, test set) into a report
like the shipped models'; ``jobs`` runs one training at a time per server process, each in a child
process with a CPU-time cap, a memory bound, a queue and cancellation.
"""
