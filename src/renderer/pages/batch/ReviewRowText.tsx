// What a review row says of its course: the title, then the topic it came from. Shared by
// the rows in review and the rejected ones, so both read the same.
import type { CourseListItem } from '../../../shared/ipc-contract';

export const reviewTitle = (course: CourseListItem) => course.title || course.topic.topic;

export function ReviewRowText({ course }: { course: CourseListItem }) {
  return (
    <div className="review-row-text">
      <span className="review-title">{reviewTitle(course)}</span>
      <span className="muted review-topic">
        {course.topic.topic} · {course.topic.level} · {course.topic.projects} projects · {course.topic.language}
      </span>
    </div>
  );
}
