import Dispatch

extension GroupCommitter {
    /// The writer on a thread of its own: it waits on a semaphore for work and writes each batch with one
    /// blocking call, so a batch costs no thread hand-off beyond the wake-up of this thread when it was idle.
    ///
    /// The calling task waits for the thread to end; cancelling it asks the thread to stop, which fails what is
    /// not yet durable exactly as the task writer does.
    /// - Returns: `false` if no thread could be started (nothing was written; the caller writes from its task).
    func runThread(_ appender: BlockingAppender) async -> Bool {
        let semaphore = DispatchSemaphore(value: 0)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                let started = JournalThread.start { [self] in
                    writeLoop(appender, semaphore: semaphore)
                    done.resume(returning: true)
                }
                if !started { done.resume(returning: false) }
            }
        } onCancel: {
            queue.withLock { queue in
                queue.cancelRequested = true
                defer { queue.writerWakeup = nil }
                return queue.writerWakeup
            }?.resume()
        }
    }

    private func writeLoop(_ appender: BlockingAppender, semaphore: DispatchSemaphore) {
        while true {
            enum Next {
                case cancel
                case step(CommitQueue.Step)
            }
            let next = queue.withLock { queue in
                queue.cancelRequested ? Next.cancel : .step(queue.nextStep())
            }
            switch next {
            case .cancel:
                resume(queue.withLock { $0.cancel() })
                return
            case .step(.finished):
                queue.withLock { $0.markFinished() }
                return
            case .step(.wait):
                let waits = queue.withLock { queue in
                    // Checked under the lock so a wake-up between `nextStep` and here is not lost.
                    if queue.hasWork { return false }
                    queue.writerWakeup = .thread(semaphore)
                    return true
                }
                // Every stored wake-up is taken (and signalled) exactly once, so the count stays in step.
                if waits { semaphore.wait() }
            case .step(.write(let batch)):
                let outcome: CommitQueue.Outcome
                do throws(JournalError) {
                    try appender.append(batch)
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                guard complete(batch, outcome) else { return }
            }
        }
    }
}
